package io.unum.orchestrator.processes;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;

/**
 * {@link ProcessStore} on a Hazelcast IMap keyed by node: a node's whole table is one value, so
 * a report replaces it in one write and a node's end removes it in one delete.
 */
public final class HazelcastProcessStore implements ProcessStore {
  private final IMap<Integer, NodeProcesses> table;

  public HazelcastProcessStore(HazelcastInstance hazelcast) {
    this.table = hazelcast.getMap("unum.processes");
  }

  @Override
  public void put(NodeProcesses processes) {
    table.set(processes.node(), processes);
  }

  @Override
  public void remove(int node) {
    table.delete(node);
  }

  @Override
  public Collection<NodeProcesses> all() {
    return List.copyOf(table.values());
  }
}
