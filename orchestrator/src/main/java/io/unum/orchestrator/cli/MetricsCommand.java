package io.unum.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum metrics}: the host's Prometheus metrics, as a scraper sees them. */
@Command(name = "metrics", description = "Print this host's metrics (Prometheus text format).")
final class MetricsCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Option(names = "--grep", paramLabel = "TEXT", description = "Only lines containing TEXT (e.g. unum_).")
  String filter;

  @Override
  public Integer call() {
    cli.client().metrics().lines()
        .filter(line -> filter == null || line.contains(filter))
        .forEach(System.out::println);
    return 0;
  }
}
