package io.unum.orchestrator.cli;

import java.io.PrintStream;

/** Prints one progress line per phase of a long command, with how long each took. */
final class Phases {
  private final String command;
  private final int total;
  private final PrintStream out;
  private final long started = System.nanoTime();
  private int current;
  private long phaseStarted;
  private String name;

  Phases(String command, int total, PrintStream out) {
    this.command = command;
    this.total = total;
    this.out = out;
  }

  void begin(String phase) {
    current++;
    name = phase;
    phaseStarted = System.nanoTime();
    out.printf("%s: [%d/%d] %s...%n", command, current, total, phase);
    out.flush();
  }

  /** Ends the current phase; returns its duration in seconds. */
  double done(String result) {
    double seconds = (System.nanoTime() - phaseStarted) / 1e9;
    out.printf("%s: [%d/%d] %-9s %s (%.1f s)%n", command, current, total, name, result, seconds);
    out.flush();
    return seconds;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
