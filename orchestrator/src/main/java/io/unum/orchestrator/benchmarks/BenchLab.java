package io.unum.orchestrator.benchmarks;

import io.unum.orchestrator.lab.Lab;
import java.io.IOException;

/**
 * The lab a benchmark runs on: the one that is up when it has two hosts or more, else one of
 * its own, made with {@code unum lab up ARGS} and removed again when the benchmark finishes. A
 * benchmark that fails leaves its lab up, with the hosts' logs, for whoever looks into it.
 */
final class BenchLab implements AutoCloseable {
  private final BenchSetup setup;
  private final TimedLauncher launcher;
  private final boolean own;
  private boolean finished;

  private BenchLab(BenchSetup setup, TimedLauncher launcher, boolean own) {
    this.setup = setup;
    this.launcher = launcher;
    this.own = own;
  }

  /** Uses the lab that is up, or starts one with {@code upArgs} (after {@code lab up}). */
  static BenchLab open(BenchSetup setup, String... upArgs) throws IOException, InterruptedException {
    TimedLauncher launcher = TimedLauncher.of(setup);
    boolean own = setup.lab().hosts().size() < 2;
    if (own) {
      String[] args = new String[upArgs.length + 2];
      args[0] = "lab";
      args[1] = "up";
      System.arraycopy(upArgs, 0, args, 2, upArgs.length);
      launcher.unum(args);
    }
    return new BenchLab(setup, launcher, own);
  }

  Lab lab() {
    return setup.lab();
  }

  int hosts() {
    return lab().hosts().size();
  }

  /** Says the benchmark ran to its end: closing then removes the lab it made. */
  void finished() {
    finished = true;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (own && finished) {
      launcher.unum("lab", "down");
    } else if (own) {
      System.err.println("the benchmark failed: its lab is left up with the hosts' logs under /var/lib/unum-lab/hosts/"
          + "*/log; 'unum lab down' removes it");
    }
  }
}
