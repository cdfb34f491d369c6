package io.unum.orchestrator.services;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ServiceInstanceStore} on the {@code unum.service-instances} IMap (node -> its instances). */
public final class HazelcastServiceInstanceStore implements ServiceInstanceStore {
  private final IMap<Integer, ServiceInstance[]> map;

  public HazelcastServiceInstanceStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.service-instances");
  }

  @Override
  public Map<Integer, List<ServiceInstance>> all() {
    Map<Integer, List<ServiceInstance>> all = new TreeMap<>();
    map.forEach((node, instances) -> all.put(node, List.of(instances)));
    return all;
  }

  @Override
  public List<ServiceInstance> of(int node) {
    ServiceInstance[] instances = map.get(node);
    return instances == null ? List.of() : List.of(instances);
  }

  @Override
  public void put(int node, List<ServiceInstance> instances) {
    map.set(node, instances.toArray(new ServiceInstance[0]));
  }

  @Override
  public void remove(int node) {
    map.delete(node);
  }
}
