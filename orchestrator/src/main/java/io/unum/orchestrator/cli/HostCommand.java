package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum host}: one host, and its maintenance mode. */
@Command(name = "host", description = "Show one host, or put it in maintenance and take it out.",
    subcommands = {HostCommand.Get.class, HostCommand.Maintenance.class, HostCommand.Drain.class,
        HostCommand.Undrain.class})
final class HostCommand {
  @ParentCommand
  UnumCli cli;

  static void print(OutputOption output, UnumClient client, JsonNode host) throws Exception {
    if (!output.printedAsData(client.json(), host)) {
      HostsCommand.print(client.json().createArrayNode().add(host), output.out());
    }
  }

  @Command(name = "get", description = "Show one host.")
  static final class Get implements Callable<Integer> {
    @ParentCommand
    HostCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "HOST", description = "The host's name (see 'unum hosts').")
    String host;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(output, client, client.hosts().get(host));
      return 0;
    }
  }

  /** Whether maintenance is being switched on or off. */
  enum Switch { on, off }

  @Command(name = "maintenance", description = {"Put a host in maintenance (no new nodes go to it) or take it out.",
      "Its running nodes stay; 'unum host drain' (migration) moves them off."})
  static final class Maintenance implements Callable<Integer> {
    @ParentCommand
    HostCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(index = "0", paramLabel = "HOST", description = "The host's name.")
    String host;

    @Parameters(index = "1", paramLabel = "on|off", description = "on or off.")
    Switch state;

    @Option(names = "--reason", description = "Why, shown with the host (e.g. 'disk swap, ticket 42').")
    String reason;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(output, client, client.hosts().maintenance(host, state == Switch.on, reason));
      return 0;
    }
  }

  @Command(name = "drain", description = {"Empty a host: maintenance on, and its running nodes live-migrated",
      "to other hosts (smallest first, two at a time). 'unum host undrain' lets nodes come back."})
  static final class Drain implements Callable<Integer> {
    @ParentCommand
    HostCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "HOST", description = "The host's name.")
    String host;

    @Option(names = "--wait", description = "Follow the migrations and exit with their outcome.")
    boolean await;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      JsonNode result = client.hosts().drain(host);
      if (output.printedAsData(client.json(), result) && !await) {
        return 0;
      }
      PrintStream out = parent.cli.out;
      out.println("draining " + host + ": " + result.path("jobs").size() + " node(s) to move");
      for (JsonNode refused : result.path("refused")) {
        out.println("  node " + refused.path("node").asInt() + " stays: " + refused.path("reason").asText());
      }
      int failed = 0;
      for (JsonNode job : result.path("jobs")) {
        if (await) {
          JsonNode done = new JobFollower(client, parent.cli.err, System.console() != null).follow(job);
          failed += JobFollower.outcome(done, parent.cli.err);
        } else {
          out.println("  job " + job.path("id").asText() + ": node " + job.path("node").asInt() + " -> "
              + job.path("target").asText());
        }
      }
      return failed == 0 && result.path("refused").isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "undrain", description = "Take a host out of maintenance: new nodes may go to it again.")
  static final class Undrain implements Callable<Integer> {
    @ParentCommand
    HostCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "HOST", description = "The host's name.")
    String host;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(output, client, client.hosts().maintenance(host, false, null));
      return 0;
    }
  }
}
