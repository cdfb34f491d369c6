package io.unum.orchestrator.processes;

import java.io.Serializable;
import java.util.List;

/** Every process of one node at {@code reportedMillis}: one entry of the cluster's process table. */
public record NodeProcesses(int node, long reportedMillis, List<ProcessInfo> processes) implements Serializable {
  public NodeProcesses {
    processes = List.copyOf(processes);
  }
}
