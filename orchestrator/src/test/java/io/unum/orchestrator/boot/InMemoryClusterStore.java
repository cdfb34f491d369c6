package io.unum.orchestrator.boot;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A {@link ClusterStore} in plain maps, for unit tests of the controllers. */
final class InMemoryClusterStore implements ClusterStore {
  private final Map<Integer, NodeSpec> specs = new ConcurrentHashMap<>();
  private final Map<Integer, NodeStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, HostStatus> hosts = new ConcurrentHashMap<>();

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
    specs.put(spec.node(), spec);
  }

  @Override
  public void removeSpec(int node) {
    specs.remove(node);
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
  public synchronized NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change) {
    NodeStatus next = change.apply(statuses.get(node));
    if (next == null) {
      statuses.remove(node);
    } else {
      statuses.put(node, next);
    }
    return next;
  }

  @Override
  public Collection<HostStatus> hosts() {
    return List.copyOf(hosts.values());
  }

  @Override
  public synchronized HostStatus updateHost(String name, UnaryOperator<HostStatus> change) {
    HostStatus next = change.apply(hosts.get(name));
    if (next == null) {
      hosts.remove(name);
    } else {
      hosts.put(name, next);
    }
    return next;
  }
}
