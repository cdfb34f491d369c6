package io.unum.orchestrator.processes;

import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Procs;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this host's nodes' process tables from their agents' reports: a full report replaces a
 * node's table, a delta changes it. A delta with no full report before it in the session (the
 * host reconnected, or missed one) is ignored until the next full one, which the agent sends
 * right after every hello: the table is never built from a partial picture. A report that makes
 * no sense (another node's PIDs, a process twice, negative sizes) is refused whole, with an
 * event; the table keeps its last good state until a full report replaces it.
 */
public final class ProcessRecorder {
  /** What became of a report. */
  public enum Outcome {
    APPLIED,
    /** A delta while the session has no full report yet: ignored. */
    WAITING_FOR_FULL,
    /** Nonsense: ignored, and the next full report is awaited (ask the agent for one). */
    REFUSED
  }

  /** A node's table holds at most this many processes: a guest cannot fill the host's memory. */
  static final int MAX_ROWS = 16_384;
  /** Longer command lines are cut (the table shows a command, not a script). */
  static final int MAX_CMD_CHARS = 4096;
  /** At most one refusal event per node per this long: a broken agent must not flood the log. */
  static final long EVENT_INTERVAL_MILLIS = 10_000;

  private final ProcessStore store;
  private final EventLog events;
  private final PidSpace pids;
  /** Per node, its processes by pid; absent until the session's first full report. */
  private final Map<Integer, Map<Long, ProcessInfo>> tables = new ConcurrentHashMap<>();
  /** Per node, when its last refusal event went out and how many were not reported since. */
  private final Map<Integer, long[]> refusals = new ConcurrentHashMap<>();

  public ProcessRecorder(ProcessStore store, EventLog events, PidSpace pids) {
    this.pids = pids;
    this.store = store;
    this.events = events;
  }

  /** A new agent session for the node: wait for its full report. */
  public void newSession(int node) {
    tables.remove(node);
  }

  /** Applies one report, unless it is a delta without a full report before it, or nonsense. */
  public Outcome record(int node, Procs report) {
    String problem = problem(pids, node, report);
    if (problem != null) {
      refuse(node, "process report " + report.seq() + ": " + problem);
      return Outcome.REFUSED;
    }
    Map<Long, ProcessInfo> table = tables.get(node);
    if (!report.full() && table == null) {
      return Outcome.WAITING_FOR_FULL;
    }
    Map<Long, ProcessInfo> next = report.full() ? new TreeMap<>() : new TreeMap<>(table);
    for (Long pid : report.gone()) {
      next.remove(pid);
    }
    for (Proc p : report.upsert()) {
      next.put(p.pid(), new ProcessInfo(node, p.pid(), p.ppid(), p.uid(), cut(p.user(), 64), p.state(),
          p.cpuPercent(), p.rssKiB(), p.startMillis(), cut(p.cmd(), MAX_CMD_CHARS), isKernelThread(p)));
    }
    if (next.size() > MAX_ROWS) {
      refuse(node, "process report " + report.seq() + ": " + next.size() + " processes, more than the " + MAX_ROWS
          + " a node's table holds");
      return Outcome.REFUSED;
    }
    tables.put(node, next);
    store.put(new NodeProcesses(node, System.currentTimeMillis(), next.values().stream().toList()));
    return Outcome.APPLIED;
  }

  /**
   * The agent said something that cannot be taken (a bad report, an unreadable line): the
   * session waits for a full report, and the cluster hears of it (rate-limited).
   */
  public void refuse(int node, String why) {
    tables.remove(node);
    long now = System.currentTimeMillis();
    long[] last = refusals.computeIfAbsent(node, n -> new long[] {Long.MIN_VALUE / 2, 0});
    synchronized (last) {
      if (now - last[0] < EVENT_INTERVAL_MILLIS) {
        last[1]++;
        return;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("node", node);
      data.put("reason", why);
      data.put("suppressed", last[1]);
      events.publish(Event.of("node.agent-refused", "node/" + node, data));
      last[0] = now;
      last[1] = 0;
    }
  }

  /** Why the report makes no sense for {@code node}, or null when it does. */
  static String problem(PidSpace pids, int node, Procs report) {
    Set<Long> seen = new HashSet<>();
    for (Proc p : report.upsert()) {
      int owner = pids.nodeOf(p.pid());
      if (owner != 0 && owner != node) {
        return "process " + p.pid() + " is in node " + owner + "'s PID range, not node " + node + "'s";
      }
      if (!seen.add(p.pid())) {
        return "process " + p.pid() + " is listed twice";
      }
      if (p.rssKiB() < 0 || p.startMillis() < 0 || p.uid() < 0) {
        return "process " + p.pid() + " has a negative size, start time or uid";
      }
      if (!Double.isFinite(p.cpuPercent()) || p.cpuPercent() < 0) {
        return "process " + p.pid() + " has CPU use " + p.cpuPercent();
      }
    }
    for (Long pid : report.gone()) {
      if (seen.contains(pid)) {
        return "process " + pid + " is both reported and gone";
      }
    }
    return null;
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /** The node is down: its processes leave the table. */
  public void forget(int node) {
    tables.remove(node);
    store.remove(node);
  }

  /** Kernel threads are kthreadd (2) and its children, and have no command line. */
  static boolean isKernelThread(Proc p) {
    return p.pid() == 2 || p.ppid() == 2;
  }
}
