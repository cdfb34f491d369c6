package io.unum.orchestrator.processes;

import io.unum.agent.protocol.Messages.Proc;
import io.unum.agent.protocol.Messages.Procs;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this host's nodes' process tables from their agents' reports: a full report replaces a
 * node's table, a delta changes it. A delta with no full report before it in the session (the
 * host reconnected, or missed one) is ignored until the next full one, which the agent sends
 * right after every hello: the table is never built from a partial picture.
 */
public final class ProcessRecorder {
  private final ProcessStore store;
  /** Per node, its processes by pid; absent until the session's first full report. */
  private final Map<Integer, Map<Long, ProcessInfo>> tables = new ConcurrentHashMap<>();

  public ProcessRecorder(ProcessStore store) {
    this.store = store;
  }

  /** A new agent session for the node: wait for its full report. */
  public void newSession(int node) {
    tables.remove(node);
  }

  /** Applies one report; returns whether the table changed (false for an ignored delta). */
  public boolean record(int node, Procs report) {
    Map<Long, ProcessInfo> table = tables.get(node);
    if (!report.full() && table == null) {
      return false;
    }
    Map<Long, ProcessInfo> next = report.full() ? new TreeMap<>() : new TreeMap<>(table);
    for (Long pid : report.gone()) {
      next.remove(pid);
    }
    for (Proc p : report.upsert()) {
      next.put(p.pid(), new ProcessInfo(node, p.pid(), p.ppid(), p.uid(), p.user(), p.state(),
          p.cpuPercent(), p.rssKiB(), p.startMillis(), p.cmd(), isKernelThread(p)));
    }
    tables.put(node, next);
    store.put(new NodeProcesses(node, System.currentTimeMillis(), next.values().stream().toList()));
    return true;
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
