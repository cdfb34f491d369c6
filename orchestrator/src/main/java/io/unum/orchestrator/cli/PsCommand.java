package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum ps}: the processes of the whole cluster, like ps(1) with a NODE column. */
@Command(name = "ps", description = "List the cluster's processes (every running node's).")
final class PsCommand implements Callable<Integer> {
  private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = {"-e", "-A"}, description = "Every process, kernel threads included.")
  boolean every;

  @Option(names = "-f", description = "Full format: parent, start time, whole command line.")
  boolean full;

  @Option(names = "--node", paramLabel = "N", description = "Only node N's processes.")
  Integer node;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode processes = calls.processes(node, every);
    if (output.printedAsData(calls.json(), processes)) {
      return 0;
    }
    Table table = full
        ? new Table("NODE", "PID", "PPID", "USER", "STAT", "%CPU", "RSS", "START", "CMD")
        : new Table("NODE", "PID", "USER", "STAT", "%CPU", "RSS", "CMD");
    for (JsonNode p : processes) {
      String user = p.hasNonNull("user") ? p.get("user").asText() : p.path("uid").asText();
      String cpu = String.format("%.1f", p.path("cpuPercent").asDouble());
      String rss = p.path("rssKiB").asLong() / 1024 + "M";
      String cmd = p.path("cmd").asText();
      if (full) {
        table.row(p.path("node").asInt(), p.path("pid").asLong(), p.path("ppid").asLong(), user,
            p.path("state").asText(), cpu, rss, START.format(Instant.ofEpochMilli(p.path("startMillis").asLong())), cmd);
      } else {
        table.row(p.path("node").asInt(), p.path("pid").asLong(), user, p.path("state").asText(), cpu, rss,
            cmd.length() > 60 ? cmd.substring(0, 60) : cmd);
      }
    }
    table.print(cli.out);
    return 0;
  }
}
