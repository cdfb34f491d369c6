package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum hosts}: every host of the control plane with its state (and, when it is not heard,
 * how long it has been silent), load and nodes.
 */
@Command(name = "hosts", description = "List the hosts of the cluster.")
final class HostsCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode hosts = calls.hosts();
    if (output.printedAsData(calls.json(), hosts)) {
      return 0;
    }
    print(hosts, cli.out);
    return 0;
  }

  static void print(JsonNode hosts, PrintStream out) {
    Table table = new Table("HOST", "STATE", "CPUS", "MEMORY", "HYPERVISOR", "LOAD", "NODES", "API");
    for (JsonNode host : hosts) {
      StringBuilder nodes = new StringBuilder();
      for (JsonNode node : host.path("nodes")) {
        nodes.append(nodes.length() == 0 ? "" : ",").append(node.asInt());
      }
      String state = host.path("state").asText() + (host.path("maintenance").asBoolean() ? ",maintenance" : "")
          + (host.path("degraded").isTextual() ? ",degraded" : "")
          + (host.path("lastHeardSecondsAgo").isNumber()
              ? " (silent " + silence(host.path("lastHeardSecondsAgo").asLong()) + ")" : "");
      table.row(host.path("name").asText(), state, host.path("cpus").asInt(),
          host.path("memoryMiB").asLong() + "Mi", host.path("accel").asText(),
          String.format("%.2f", host.path("load1").asDouble()),
          nodes.length() == 0 ? "-" : nodes, host.path("apiAddress").asText());
    }
    table.print(out);
    for (JsonNode host : hosts) {
      if (host.path("degraded").isTextual()) {
        out.println(host.path("name").asText() + " is degraded: " + host.path("degraded").asText());
      }
    }
  }

  /** A silence as people read it: seconds, then minutes, then hours. */
  static String silence(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    return seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
  }
}
