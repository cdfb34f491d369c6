package io.unum.orchestrator.testing;

import io.unum.orchestrator.processes.NodeProcesses;
import io.unum.orchestrator.processes.ProcessStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link ProcessStore} in a plain map, for unit tests. */
public final class InMemoryProcessStore implements ProcessStore {
  private final Map<Integer, NodeProcesses> table = new ConcurrentHashMap<>();

  @Override
  public void put(NodeProcesses processes) {
    table.put(processes.node(), processes);
  }

  @Override
  public void remove(int node) {
    table.remove(node);
  }

  @Override
  public Collection<NodeProcesses> all() {
    return List.copyOf(table.values());
  }
}
