package io.unum.orchestrator.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs this checkout's launcher ({@code ./unum ...}) as a user would, and times it. */
record TimedLauncher(Path unum) {
  static TimedLauncher of(BenchSetup setup) {
    return new TimedLauncher(setup.launcher());
  }

  /** Runs {@code unum ARGS}; returns its wall time in seconds; fails when it fails. */
  double unum(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(unum.toString()));
    command.addAll(List.of(args));
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int code = process.waitFor();
    if (code != 0) {
      throw new BenchFailure("unum " + String.join(" ", args) + " failed (exit " + code + ")");
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
