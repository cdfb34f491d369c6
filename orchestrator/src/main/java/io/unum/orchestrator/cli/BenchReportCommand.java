package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.FigureTable;
import io.unum.orchestrator.client.UnumClient;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum bench report}: the newest report {@code unum bench all} wrote on the host, as tables. */
@Command(name = "report", description = "Show the newest report 'unum bench all' wrote on the host (what the"
    + " console's Benchmarks view shows): the machine, and every figure beside the plain tool's and its target.")
final class BenchReportCommand implements Callable<Integer> {
  @ParentCommand
  BenchCommand bench;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    UnumClient client = bench.cli.client();
    JsonNode answer = client.latestBenchReport();
    if (output.printedAsData(client.json(), answer)) {
      return 0;
    }
    BenchReport report = client.json().treeToValue(answer, BenchReport.class);
    var out = bench.cli.out;
    out.printf("%s, %s: %s; %s%n", Instant.ofEpochMilli(report.startedAtMillis()), report.command(),
        report.targetsMet(), report.version());
    out.println("machine: " + report.machine().describe());
    for (BenchResult result : report.results()) {
      out.println();
      FigureTable.lines(result).forEach(out::println);
    }
    report.failures().forEach(failure -> out.println("FAILED " + failure));
    return 0;
  }
}
