package io.unum.orchestrator.processes;

import java.util.Collection;

/** The cluster's process table: one entry per node, written by the host the node runs on. */
public interface ProcessStore {

  void put(NodeProcesses processes);

  /** Forgets a node's processes (it stopped, failed or was removed). */
  void remove(int node);

  Collection<NodeProcesses> all();
}
