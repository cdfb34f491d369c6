package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum uptime}: uptime(1) for the one machine the cluster is: how long it has been up
 * (its longest-running node), how many nodes and processes, and the load summed over the nodes;
 * then a line per node.
 */
@Command(name = "uptime", description = "How long the cluster has been up, its nodes, processes and load.")
final class UptimeCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode nodes = calls.nodes("running", null, null);
    if (output.printedAsData(calls.json(), nodes)) {
      return 0;
    }
    double up = 0;
    double load = 0;
    long processes = 0;
    Table table = new Table("NODE", "UP", "LOAD1", "PROCS");
    for (JsonNode node : nodes) {
      JsonNode sample = node.path("load");
      up = Math.max(up, sample.path("uptimeSeconds").asDouble());
      load += sample.path("load1").asDouble();
      processes += sample.path("processes").asLong();
      table.row(node.path("node").asInt(), duration(sample.path("uptimeSeconds").asDouble()),
          String.format("%.2f", sample.path("load1").asDouble()), sample.path("processes").asLong());
    }
    cli.out.printf(" %s up %s, %d node%s, %d processes, load average: %.2f%n",
        LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), duration(up), nodes.size(),
        nodes.size() == 1 ? "" : "s", processes, load);
    if (!nodes.isEmpty()) {
      table.print(cli.out);
    }
    return 0;
  }

  /** As uptime(1) writes it: "3 min", "2:05", "1 day, 4:10". */
  static String duration(double seconds) {
    long minutes = (long) seconds / 60;
    long days = minutes / (24 * 60);
    long hours = minutes / 60 % 24;
    String clock = hours > 0 ? String.format("%d:%02d", hours, minutes % 60) : (minutes % 60) + " min";
    return days > 0 ? days + " day" + (days == 1 ? "" : "s") + ", " + clock : clock;
  }
}
