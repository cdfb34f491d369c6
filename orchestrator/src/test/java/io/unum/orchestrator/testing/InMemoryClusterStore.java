package io.unum.orchestrator.testing;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.SpecRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A {@link ClusterStore} in plain maps, for unit tests of the controllers. */
public final class InMemoryClusterStore implements ClusterStore {
  private final Map<Integer, SpecRecord> specs = new ConcurrentHashMap<>();
  private final Map<Integer, NodeStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, HostStatus> hosts = new ConcurrentHashMap<>();
  private final Map<String, String> maintenance = new ConcurrentHashMap<>();

  @Override
  public Map<String, String> maintenance() {
    return Map.copyOf(maintenance);
  }

  @Override
  public void setMaintenance(String host, String reason) {
    if (reason == null) {
      maintenance.remove(host);
    } else {
      maintenance.put(host, reason);
    }
  }

  @Override
  public Collection<NodeSpec> specs() {
    return specs.values().stream().filter(r -> !r.removed()).map(SpecRecord::spec).toList();
  }

  @Override
  public Optional<NodeSpec> spec(int node) {
    return Optional.ofNullable(specs.get(node)).map(SpecRecord::spec);
  }

  @Override
  public synchronized boolean createSpec(NodeSpec spec) {
    SpecRecord current = specs.get(spec.node());
    if (current != null && !current.removed()) {
      return false;
    }
    specs.put(spec.node(), current == null ? SpecRecord.first(spec) : current.then(spec));
    return true;
  }

  @Override
  public synchronized Optional<NodeSpec> updateSpec(int node, long leaderEpoch, UnaryOperator<NodeSpec> change) {
    SpecRecord current = specs.get(node);
    if (current == null || current.removed()) {
      return Optional.empty();
    }
    NodeSpec next = change.apply(current.spec());
    specs.put(node, current.then(next, leaderEpoch));
    return Optional.of(next);
  }

  @Override
  public synchronized void removeSpec(int node) {
    SpecRecord current = specs.get(node);
    if (current != null && !current.removed()) {
      specs.put(node, current.then(null));
    }
  }

  @Override
  public boolean wasRemoved(int node) {
    SpecRecord current = specs.get(node);
    return current != null && current.removed();
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
