package io.unum.orchestrator.bench;

import java.util.List;

/**
 * A run of every benchmark: where and when it ran, what each measured, and which failed.
 *
 * @param command  the command line that made it
 * @param version  which Unum was measured (version and commit, as far as known)
 * @param startedAtMillis when it started (Unix time)
 * @param tookSeconds     how long every benchmark took together
 * @param failures        one line per benchmark that did not finish: its kind and why
 */
public record BenchReport(String command, String version, long startedAtMillis, long tookSeconds, Machine machine,
    List<BenchResult> results, List<String> failures) {
  public BenchReport {
    results = List.copyOf(results);
    failures = List.copyOf(failures);
  }

  /** Every figure with a target, and how many of them met it: "12 of 15 targets met". */
  public String targetsMet() {
    long withTarget = results.stream().flatMap(r -> r.figures().stream()).filter(f -> f.met().isPresent()).count();
    long met = results.stream().flatMap(r -> r.figures().stream()).filter(f -> f.met().orElse(false)).count();
    return met + " of " + withTarget + " targets met";
  }
}
