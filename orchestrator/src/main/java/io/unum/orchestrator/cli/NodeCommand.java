package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
  static void print(OutputOption output, ApiClient client, JsonNode node) throws Exception {
    if (!output.printedAsData(client, node)) {
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
      Map<String, Object> body = new LinkedHashMap<>();
      putIfSet(body, "node", node);
      putIfSet(body, "cpus", cpus);
      putIfSet(body, "memoryMiB", memoryMiB);
      putIfSet(body, "host", host);
      putIfSet(body, "kernelArgs", kernelArgs);
      putIfSet(body, "labels", labels);
      body.put("start", !noStart);
      ApiClient client = parent.cli.client();
      print(output, client, client.post("/api/v1/nodes", body));
      return 0;
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
      if (value != null) {
        body.put(key, value);
      }
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
      ApiClient client = parent.cli.client();
      print(output, client, client.get("/api/v1/nodes/" + node));
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
      Map<String, Object> body = new LinkedHashMap<>();
      if (cpus != null) {
        body.put("cpus", cpus);
      }
      if (memoryMiB != null) {
        body.put("memoryMiB", memoryMiB);
      }
      Map<String, String> labelChanges = new LinkedHashMap<>(labels == null ? Map.of() : labels);
      (removed == null ? List.<String>of() : removed).forEach(key -> labelChanges.put(key, null));
      if (!labelChanges.isEmpty()) {
        body.put("labels", labelChanges);
      }
      if (body.isEmpty()) {
        throw new CliFailure("nothing to change: give --cpus, --memory, --label or --remove-label");
      }
      ApiClient client = parent.cli.client();
      JsonNode answer = client.patch("/api/v1/nodes/" + node, body);
      if (!output.printedAsData(client, answer)) {
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
      parent.cli.client().delete("/api/v1/nodes/" + node);
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

    abstract String verb();

    /** The request's body; none for most actions. */
    Object body() {
      return null;
    }

    @Override
    public Integer call() throws Exception {
      return job.submit(parent.cli, output,
          headers -> parent.cli.client().post("/api/v1/nodes/" + node + "/" + verb(), body(), headers));
    }
  }

  @Command(name = "start", description = "Start a node (a failed one boots again).")
  static final class Start extends Action {
    @Override
    String verb() {
      return "start";
    }
  }

  @Command(name = "stop", description = "Power a node off cleanly (it supersedes a start still running).")
  static final class Stop extends Action {
    @Override
    String verb() {
      return "stop";
    }
  }

  @Command(name = "reboot", description = "Power-cycle a node: stop, then start.")
  static final class Reboot extends Action {
    @Override
    String verb() {
      return "reboot";
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
    String verb() {
      return "migrate";
    }

    @Override
    Object body() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (to != null) {
        body.put("to", to);
      }
      if (maxDowntime != null) {
        body.put("maxDowntimeMillis", maxDowntime);
      }
      if (bandwidth != null) {
        body.put("bandwidthMiBps", bandwidth);
      }
      if (transport != null) {
        body.put("transport", transport);
      }
      return body;
    }
  }
}
