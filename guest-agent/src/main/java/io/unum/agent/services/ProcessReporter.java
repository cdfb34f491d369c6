package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.proc.ProcessSource;
import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Procs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells the host about the node's processes: once a period, what changed since the last report
 * (new or changed processes, pids that ended), or everything when the host cannot have the
 * earlier reports (a new session, a report dropped for lack of room, and every
 * {@link #FULL_EVERY} reports in case one was lost some other way). Between those scans, every
 * quick period, it lists the pids only and reports processes that started or ended, so a new
 * process is in the cluster's table within a fraction of a second at little cost.
 */
public final class ProcessReporter {
  static final int FULL_EVERY = 30;
  /** CPU changes below this many points are not worth a report on their own. */
  private static final double CPU_STEP = 1.0;

  private final ProcessSource source;
  private final Predicate<Procs> offer;
  private final long periodMillis;
  private final long quickMillis;
  private final Thread thread;
  private volatile boolean fullNeeded = true;
  private Map<Long, Proc> reported = new HashMap<>();
  private long seq;
  private int sinceFull;

  /**
   * @param offer        queues a report if there is room and says whether it did
   * @param periodMillis between full scans (CPU use, state, memory)
   * @param quickMillis  between pid listings (starts and ends)
   */
  public ProcessReporter(ProcessSource source, Predicate<Procs> offer, long periodMillis, long quickMillis) {
    this.source = source;
    this.offer = offer;
    this.periodMillis = periodMillis;
    this.quickMillis = quickMillis;
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

  /** At a fixed rate: the time a scan takes does not push the next one back. */
  private void run() {
    long nextScan = System.nanoTime();
    long next = nextScan;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (next - nextScan >= 0) {
          report();
          nextScan += periodMillis * 1_000_000L;
        } else {
          quickReport();
        }
      } catch (RuntimeException e) {
        Log.line("process report failed: " + e);
        fullNeeded = true;
      }
      next += quickMillis * 1_000_000L;
      long now = System.nanoTime();
      if (next - now < 0) {
        // Behind (a slow scan on a busy node): skip the missed ticks rather than run them back to back.
        next = now;
        nextScan = Math.max(nextScan, now);
      }
      try {
        Thread.sleep((next - now) / 1_000_000L);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Lists the pids and reports the processes that started or ended since the last report. */
  void quickReport() {
    if (fullNeeded) {
      report();
      return;
    }
    Set<Long> pids = source.pids();
    List<Proc> started = new ArrayList<>();
    for (Long pid : pids) {
      if (!reported.containsKey(pid)) {
        Proc process = source.read(pid);
        if (process != null) {
          started.add(process);
        }
      }
    }
    List<Long> gone = new ArrayList<>();
    for (Long pid : reported.keySet()) {
      if (!pids.contains(pid)) {
        gone.add(pid);
      }
    }
    if (started.isEmpty() && gone.isEmpty()) {
      return;
    }
    if (offer.test(new Procs(null, ++seq, false, started, gone))) {
      Map<Long, Proc> next = new HashMap<>(reported);
      gone.forEach(next::remove);
      started.forEach(p -> next.put(p.pid(), p));
      reported = next;
    } else {
      fullNeeded = true;
    }
  }

  /** Scans once and offers what the host needs to know; package-private for tests. */
  void report() {
    Map<Long, Proc> now = source.scan();
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
