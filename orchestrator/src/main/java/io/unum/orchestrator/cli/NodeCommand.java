package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.NodesClient;
import io.unum.orchestrator.client.UnumClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum node}: one node's life cycle, the CLI face of {@code /api/v1/nodes}. */
@Command(name = "node", description = "Create, inspect, start, stop, reboot or delete one node.",
    subcommands = {NodeCommand.Create.class, NodeCommand.Get.class, NodeCommand.Update.class,
        NodeCommand.Start.class,
        NodeCommand.Stop.class, NodeCommand.Reboot.class, NodeCommand.Migrate.class, NodeCommand.Delete.class})
final class NodeCommand {
  @ParentCommand
  UnumCli cli;

  /** Prints a node as a one-row table, or as data with -o. */
  static void print(OutputOption output, UnumClient client, JsonNode node) throws Exception {
    if (!output.printedAsData(client.json(), node)) {
      NodesCommand.print(client.json().createArrayNode().add(node), System.out);
    }
  }

  @Command(name = "create", description = "Add a node; it boots at once unless --no-start.")
  static final class Create implements Callable<Integer> {
    @ParentCommand
    NodeCommand parent;

    @Mixin
    OutputOption output;

    @Option(names = "--node", paramLabel = "N", description = "Its number (1..63 with the default pid-range; default: the lowest free).")
    Integer node;

    @Option(names = "--cpus", description = "Virtual CPUs (default: 1).")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "MiB", description = "Memory in MiB (default: 512).")
    Integer memoryMiB;

    @Option(names = "--pin", paramLabel = "HOST", description = "The only host it may run on (default: any).")
    String host;

    @Option(names = "--kernel-args", paramLabel = "ARGS", description = "Extra kernel command line.")
    String kernelArgs;

    @Option(names = "--no-start", description = "Create it stopped.")
    boolean noStart;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label (repeatable).")
    Map<String, String> labels;

    @Override
    public Integer call() throws Exception {
      NewNode spec = NewNode.defaults().numbered(node).sized(cpus, memoryMiB).pinnedTo(host)
          .withKernelArgs(kernelArgs).labelled(labels);
      UnumClient client = parent.cli.client();
      print(output, client, client.nodes().create(noStart ? spec.stopped() : spec));
      return 0;
    }
  }

  @Command(name = "get", description = "Show one node.")
  static final class Get implements Callable<Integer> {
    @ParentCommand
    NodeCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "N", description = "The node's number.")
    int node;

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(output, client, client.nodes().get(node));
      return 0;
    }
  }

  @Command(name = "update", description = {"Change a node's size or labels.",
      "Labels and memory (down, or back up to what it booted with) apply at once; more memory or",
      "another CPU count when the node next boots ('unum node reboot N' applies it)."})
  static final class Update implements Callable<Integer> {
    @ParentCommand
    NodeCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "N", description = "The node's number.")
    int node;

    @Option(names = "--cpus", description = "Virtual CPUs.")
    Integer cpus;

    @Option(names = "--memory", paramLabel = "MiB", description = "Memory in MiB.")
    Integer memoryMiB;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label (repeatable).")
    Map<String, String> labels;

    @Option(names = "--remove-label", paramLabel = "KEY", description = "Remove a label (repeatable).")
    List<String> removed;

    @Override
    public Integer call() throws Exception {
      Map<String, String> labelChanges = new LinkedHashMap<>(labels == null ? Map.of() : labels);
      (removed == null ? List.<String>of() : removed).forEach(key -> labelChanges.put(key, null));
      if (cpus == null && memoryMiB == null && labelChanges.isEmpty()) {
        throw new CliFailure("nothing to change: give --cpus, --memory, --label or --remove-label");
      }
      UnumClient client = parent.cli.client();
      JsonNode answer = client.nodes().update(node, cpus, memoryMiB, labelChanges);
      if (!output.printedAsData(client.json(), answer)) {
        NodesCommand.print(client.json().createArrayNode().add(answer.path("node")), System.out);
        if (!answer.path("atNextBoot").isEmpty()) {
          System.out.println("node " + node + " is up: " + answer.path("atNextBoot")
              + " take effect at its next boot ('unum node reboot " + node + "')");
        }
      }
      return 0;
    }
  }

  @Command(name = "delete", description = "Remove a node: its domain is destroyed, its disk and spec deleted.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand
    NodeCommand parent;

    @Parameters(paramLabel = "N", description = "The node's number.")
    int node;

    @Override
    public Integer call() {
      parent.cli.client().nodes().delete(node);
      System.out.println("node " + node + " removed");
      return 0;
    }
  }

  /** The options of every action that runs as a job. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand
    NodeCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "N", description = "The node's number.")
    int node;

    @Mixin
    JobOptions job;

    /** Sends the request that starts the action's job. */
    abstract JsonNode send(NodesClient nodes, String idempotencyKey);

    @Override
    public Integer call() throws Exception {
      return job.submit(parent.cli, output, (client, key) -> send(client.nodes(), key));
    }
  }

  @Command(name = "start", description = "Start a node (a failed one boots again).")
  static final class Start extends Action {
    @Override
    JsonNode send(NodesClient nodes, String idempotencyKey) {
      return nodes.start(node, idempotencyKey);
    }
  }

  @Command(name = "stop", description = "Power a node off cleanly (it supersedes a start still running).")
  static final class Stop extends Action {
    @Override
    JsonNode send(NodesClient nodes, String idempotencyKey) {
      return nodes.stop(node, idempotencyKey);
    }
  }

  @Command(name = "reboot", description = "Power-cycle a node: stop, then start.")
  static final class Reboot extends Action {
    @Override
    JsonNode send(NodesClient nodes, String idempotencyKey) {
      return nodes.reboot(node, idempotencyKey);
    }
  }

  @Command(name = "migrate", description = "Live-migrate a running node to another host (its processes, address"
      + " and uptime go with it); without --to, to the host the balancer's placement picks.")
  static final class Migrate extends Action {
    @Option(names = "--to", paramLabel = "HOST", description = "The host it goes to.")
    String to;

    @Option(names = "--max-downtime", paramLabel = "MS", description = "The pause the node may see (default: the"
        + " balancer settings').")
    Long maxDowntime;

    @Option(names = "--bandwidth", paramLabel = "MIB_PER_S", description = "The most the copy may send per second,"
        + " 0 no limit (default: the balancer settings').")
    Long bandwidth;

    @Option(names = "--transport", paramLabel = "tls", converter = TransportConverter.class,
        completionCandidates = TransportConverter.class, description = "Only tls: every migration goes over TLS"
        + " (plain tcp was removed); accepted for scripts that name it.")
    String transport;

    @Override
    JsonNode send(NodesClient nodes, String idempotencyKey) {
      return nodes.migrate(node, to, maxDowntime, bandwidth, transport, idempotencyKey);
    }
  }
}
