package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ClusterStore} on Hazelcast IMaps; status updates are compare-and-set loops. */
public final class HazelcastClusterStore implements ClusterStore {
  static final String SPECS = "unum.node-specs";
  static final String STATUSES = "unum.node-status";
  static final String HOSTS = "unum.hosts";

  private final IMap<Integer, NodeSpec> specs;
  private final IMap<Integer, NodeStatus> statuses;
  private final IMap<String, HostInfo> hosts;

  public HazelcastClusterStore(HazelcastInstance hazelcast) {
    this.specs = hazelcast.getMap(SPECS);
    this.statuses = hazelcast.getMap(STATUSES);
    this.hosts = hazelcast.getMap(HOSTS);
  }

  @Override
  public Collection<NodeSpec> specs() {
    return List.copyOf(specs.values());
  }

  @Override
  public Optional<NodeSpec> spec(int node) {
    return Optional.ofNullable(specs.get(node));
  }

  @Override
  public void putSpec(NodeSpec spec) {
    specs.set(spec.node(), spec);
  }

  @Override
  public void removeSpec(int node) {
    specs.delete(node);
  }

  @Override
  public Collection<NodeStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  @Override
  public Optional<NodeStatus> status(int node) {
    return Optional.ofNullable(statuses.get(node));
  }

  @Override
  public NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change) {
    while (true) {
      NodeStatus current = statuses.get(node);
      NodeStatus next = change.apply(current);
      if (next == null) {
        if (current == null || statuses.remove(node, current)) {
          return null;
        }
      } else if (current == null) {
        if (statuses.putIfAbsent(node, next) == null) {
          return next;
        }
      } else if (next.equals(current) || statuses.replace(node, current, next)) {
        return next;
      }
    }
  }

  @Override
  public Collection<HostInfo> hosts() {
    return List.copyOf(hosts.values());
  }

  @Override
  public void putHost(HostInfo host) {
    hosts.set(host.name(), host);
  }
}
