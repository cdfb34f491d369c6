package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum nodes}: every node with its state, host, address and load. */
@Command(name = "nodes", description = "List the cluster's nodes.")
final class NodesCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = "--state", description = "Only nodes in this state (e.g. running, failed).")
  String state;

  @Option(names = "--on", paramLabel = "HOST", description = "Only nodes on this host.")
  String host;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Only nodes with these labels: key=value or key, comma-separated (all must match).")
  String selector;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode nodes = calls.nodes(state, host, selector);
    if (!output.printedAsData(calls.json(), nodes)) {
      print(nodes, cli.out);
    }
    return 0;
  }

  /** The node table, also printed at the end of {@code unum up}. */
  static void print(JsonNode nodes, PrintStream out) {
    if (nodes.isEmpty()) {
      out.println("no nodes (start some with 'unum up')");
      return;
    }
    Table table = new Table("NODE", "STATE", "HOST", "IP", "BOOT", "AGENT", "LOAD", "MEM");
    for (JsonNode node : nodes) {
      JsonNode load = node.path("load");
      JsonNode agent = node.path("agent");
      table.row(node.path("node").asInt(), node.path("state").asText(), text(node, "host"),
          text(node, "ip"),
          node.path("bootSeconds").asDouble() > 0 ? String.format("%.1fs", node.path("bootSeconds").asDouble()) : "-",
          agent.path("connected").asBoolean() ? agent.path("agentVersion").asText() : "-",
          load.isObject() ? String.format("%.2f", load.path("load1").asDouble()) : "-",
          load.isObject() ? memory(load) : "-");
    }
    table.print(out);
    for (JsonNode node : nodes) {
      if (node.hasNonNull("error")) {
        out.println();
        out.println("node " + node.path("node").asInt() + " failed: " + node.path("error").asText());
        for (JsonNode line : node.path("consoleTail")) {
          out.println("  | " + line.asText());
        }
      }
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : "-";
  }

  private static String memory(JsonNode load) {
    long total = load.path("memTotalKiB").asLong();
    long used = total - load.path("memAvailableKiB").asLong();
    return (used / 1024) + "/" + (total / 1024) + "Mi";
  }
}
