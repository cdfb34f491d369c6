package io.unum.orchestrator.testing;

import io.unum.orchestrator.services.ServiceInstance;
import io.unum.orchestrator.services.ServiceInstanceStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link ServiceInstanceStore} in memory. */
public final class InMemoryServiceInstanceStore implements ServiceInstanceStore {
  private final Map<Integer, List<ServiceInstance>> map = new ConcurrentSkipListMap<>();

  @Override
  public Map<Integer, List<ServiceInstance>> all() {
    return new TreeMap<>(map);
  }

  @Override
  public List<ServiceInstance> of(int node) {
    return map.getOrDefault(node, List.of());
  }

  @Override
  public void put(int node, List<ServiceInstance> instances) {
    map.put(node, List.copyOf(instances));
  }

  @Override
  public void remove(int node) {
    map.remove(node);
  }
}
