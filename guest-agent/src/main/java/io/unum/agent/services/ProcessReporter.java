package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.proc.ProcessScanner;
import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Procs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Tells the host about the node's processes once a period: what changed since the last report
 * (new or changed processes, pids that ended), or everything when the host cannot have the
 * earlier reports (a new session, a report dropped for lack of room, and every
 * {@link #FULL_EVERY} reports in case one was lost some other way).
 */
public final class ProcessReporter {
  static final int FULL_EVERY = 30;
  /** CPU changes below this many points are not worth a report on their own. */
  private static final double CPU_STEP = 1.0;

  private final Supplier<Map<Long, Proc>> scanner;
  private final Predicate<Procs> offer;
  private final long periodMillis;
  private final Thread thread;
  private volatile boolean fullNeeded = true;
  private Map<Long, Proc> reported = new HashMap<>();
  private long seq;
  private int sinceFull;

  /** {@code offer} queues a report if there is room and says whether it did. */
  /** @param scanner the node's processes now, by pid (a {@link ProcessScanner}'s scan) */
  public ProcessReporter(Supplier<Map<Long, Proc>> scanner, Predicate<Procs> offer, long periodMillis) {
    this.scanner = scanner;
    this.offer = offer;
    this.periodMillis = periodMillis;
    this.thread = new Thread(this::run, "unum-procs");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void stop() {
    thread.interrupt();
  }

  /** A new host session: its first report lists every process. */
  public void resync() {
    fullNeeded = true;
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        report();
      } catch (RuntimeException e) {
        Log.line("process report failed: " + e);
        fullNeeded = true;
      }
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Scans once and offers what the host needs to know; package-private for tests. */
  void report() {
    Map<Long, Proc> now = scanner.get();
    boolean full = fullNeeded || ++sinceFull >= FULL_EVERY;
    fullNeeded = false; // a resync from here on is for the next report
    List<Proc> upsert = new ArrayList<>();
    List<Long> gone = new ArrayList<>();
    Map<Long, Proc> next = new HashMap<>(now.size());
    for (Proc process : now.values()) {
      Proc before = reported.get(process.pid());
      boolean changed = before == null || !sameBesidesCpu(before, process)
          || Math.abs(before.cpuPercent() - process.cpuPercent()) >= CPU_STEP;
      if (full || changed) {
        upsert.add(process);
        next.put(process.pid(), process);
      } else {
        next.put(process.pid(), before); // what the host has
      }
    }
    if (!full) {
      for (Long pid : reported.keySet()) {
        if (!now.containsKey(pid)) {
          gone.add(pid);
        }
      }
      if (upsert.isEmpty() && gone.isEmpty()) {
        return;
      }
    }
    if (full) {
      sinceFull = 0;
    }
    if (offer.test(new Procs(null, ++seq, full, upsert, gone))) {
      reported = next;
    } else {
      fullNeeded = true; // the host missed this one: start again from everything
    }
  }

  private static boolean sameBesidesCpu(Proc a, Proc b) {
    return a.ppid() == b.ppid() && a.uid() == b.uid() && a.state().equals(b.state())
        && a.rssKiB() == b.rssKiB() && a.startMillis() == b.startMillis() && a.cmd().equals(b.cmd())
        && java.util.Objects.equals(a.user(), b.user());
  }
}
