package io.unum.orchestrator.processes;

import io.unum.agent.protocol.Messages.Sender;
import io.unum.orchestrator.agentlink.AgentRequestException;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.placement.ExecPlacement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The cluster's processes: the table {@code unum ps} shows, signals to any of them, and where a
 * new program should run.
 */
public final class ProcessService {
  private final ProcessStore store;
  private final ClusterView view;
  private final NodeSignals signals;
  private final ExecPlacement placement = new ExecPlacement();
  private final Supplier<Map<String, Double>> hostPressures;
  private final PidSpace pids;

  /** A service without host loads (exec placement looks at the nodes only). */
  public ProcessService(ProcessStore store, ClusterView view, NodeSignals signals) {
    this(store, view, signals, Map::of, PidSpace.DEFAULT);
  }

  /** @param hostPressures each host's CPU demand over its capacity (1 = full); a host left out is not known */
  public ProcessService(ProcessStore store, ClusterView view, NodeSignals signals,
      Supplier<Map<String, Double>> hostPressures, PidSpace pids) {
    this.pids = pids;
    this.hostPressures = hostPressures;
    this.store = store;
    this.view = view;
    this.signals = signals;
  }

  /**
   * Processes by node and pid; only running nodes' (a table left by a node whose host died is
   * not shown as current).
   *
   * @param node    only this node's, or every node's when null
   * @param kernel  whether kernel threads are included
   */
  public List<ProcessInfo> list(Integer node, boolean kernel) {
    Set<Integer> running = runningNodes();
    List<ProcessInfo> processes = new ArrayList<>();
    for (NodeProcesses table : store.all()) {
      if (running.contains(table.node()) && (node == null || table.node() == node)) {
        for (ProcessInfo process : table.processes()) {
          if (kernel || !process.kernel()) {
            processes.add(process);
          }
        }
      }
    }
    processes.sort(Comparator.comparingInt(ProcessInfo::node).thenComparingLong(ProcessInfo::pid));
    return processes;
  }

  /** The running node {@code cpid} lives on; fails as kill(2) does (ESRCH) when there is none. */
  public int requireNodeOf(long cpid) {
    int node = pids.nodeOf(cpid);
    if (!pids.holds(node)) {
      throw new NoSuchProcessException("no such process " + cpid + ": it is in no node's range (" + pids.describe() + ")");
    }
    if (!runningNodes().contains(node)) {
      throw new NoSuchProcessException("no such process " + cpid + ": node " + node + " is not running");
    }
    return node;
  }

  /**
   * Sends {@code signal} (0..64) to the process, wherever it runs; with a {@code sender}, the
   * target node checks the sender's right as kill(2) would.
   */
  public void signal(long cpid, int signal, Sender sender) {
    int node = requireNodeOf(cpid);
    try {
      signals.send(node, cpid, signal, sender);
    } catch (CompletionException e) {
      throw refusal(cpid, e.getCause() != null ? e.getCause() : e);
    } catch (AgentRequestException e) {
      throw refusal(cpid, e);
    }
  }

  private static RuntimeException refusal(long cpid, Throwable e) {
    if (e instanceof AgentRequestException refused) {
      switch (refused.code()) {
        case NO_SUCH_PROCESS -> {
          return new NoSuchProcessException("no such process " + cpid);
        }
        case NOT_PERMITTED -> {
          return new SignalNotPermittedException("operation not permitted: process " + cpid
              + " belongs to another user (signalling it needs CAP_KILL)");
        }
        default -> {
          return refused;
        }
      }
    }
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
  }

  /** Where a new program should run: the running node with the least demand per CPU. */
  public int place() {
    Map<Integer, Integer> cpus = new HashMap<>();
    view.specs().forEach(spec -> cpus.put(spec.node(), spec.cpus()));
    Map<Integer, Integer> runnable = new HashMap<>();
    for (NodeProcesses table : store.all()) {
      runnable.put(table.node(), (int) table.processes().stream().filter(p -> p.state().equals("R")).count());
    }
    Map<String, Double> pressures = hostPressures.get();
    List<ExecPlacement.Candidate> candidates = view.statuses().stream()
        .filter(s -> s.state() == NodeState.RUNNING && s.agent().connected())
        .map(s -> new ExecPlacement.Candidate(s.node(), cpus.getOrDefault(s.node(), 1),
            runnable.getOrDefault(s.node(), 0), s.load() == null ? 0 : s.load().cpuPercent(),
            s.load() == null ? 0 : s.load().processes(), pressures.getOrDefault(s.host(), 0.0)))
        .toList();
    return placement.choose(candidates, System.currentTimeMillis()).orElseThrow(
        () -> new NoNodeToRunOnException("no running node with a connected agent to run the program on"));
  }

  private Set<Integer> runningNodes() {
    return view.statuses().stream().filter(s -> s.state() == NodeState.RUNNING)
        .map(NodeStatus::node).collect(Collectors.toSet());
  }
}
