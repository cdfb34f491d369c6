package io.unum.orchestrator.processes;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The cluster's processes as {@code unum ps} and {@code GET /api/v1/processes} show them. */
public final class ProcessService {
  private final ProcessStore store;
  private final ClusterView view;

  public ProcessService(ProcessStore store, ClusterView view) {
    this.store = store;
    this.view = view;
  }

  /**
   * Processes by node and pid; only running nodes' (a table left by a node whose host died is
   * not shown as current).
   *
   * @param node    only this node's, or every node's when null
   * @param kernel  whether kernel threads are included
   */
  public List<ProcessInfo> list(Integer node, boolean kernel) {
    Set<Integer> running = view.statuses().stream().filter(s -> s.state() == NodeState.RUNNING)
        .map(NodeStatus::node).collect(Collectors.toSet());
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
}
