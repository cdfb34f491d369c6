package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link ClusterStore} on Hazelcast IMaps; updates are compare-and-set loops. A spec change
 * returns only once this host's disk holds it too: every host then has a copy in memory, and
 * at least one on disk, so a power cut of every host right after the answer loses nothing.
 */
public final class HazelcastClusterStore implements ClusterStore {
  static final String SPECS = "unum.node-specs";
  static final String STATUSES = "unum.node-status";
  static final String HOSTS = "unum.hosts";
  static final String MAINTENANCE = "unum.host-maintenance";

  private final IMap<Integer, SpecRecord> specs;
  private final IMap<Integer, NodeStatus> statuses;
  private final IMap<String, HostStatus> hosts;
  private final IMap<String, String> maintenance;
  /** Writes a spec record to this host's disk, synced, before the change returns. */
  private final Consumer<SpecRecord> persist;

  HazelcastClusterStore(HazelcastInstance hazelcast, Consumer<SpecRecord> persist) {
    this.persist = persist;
    this.specs = hazelcast.getMap(SPECS);
    this.statuses = hazelcast.getMap(STATUSES);
    this.hosts = hazelcast.getMap(HOSTS);
    this.maintenance = hazelcast.getMap(MAINTENANCE);
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
  public boolean createSpec(NodeSpec spec) {
    while (true) {
      SpecRecord current = specs.get(spec.node());
      if (current != null && !current.removed()) {
        return false;
      }
      SpecRecord next = current == null ? SpecRecord.first(spec) : current.then(spec);
      if (current == null ? specs.putIfAbsent(spec.node(), next) == null : specs.replace(spec.node(), current, next)) {
        persist.accept(next);
        return true;
      }
    }
  }

  @Override
  public Optional<NodeSpec> updateSpec(int node, long leaderEpoch, UnaryOperator<NodeSpec> change) {
    while (true) {
      SpecRecord current = specs.get(node);
      if (current == null || current.removed()) {
        return Optional.empty();
      }
      // Checked against the record read, which the replace below compares in full: atomic.
      LeaderStamp.after(current.leaderEpoch(), leaderEpoch, "node " + node + "'s spec");
      NodeSpec next = change.apply(current.spec());
      if (next.equals(current.spec())) {
        return Optional.of(next);
      }
      SpecRecord record = current.then(next, leaderEpoch);
      if (specs.replace(node, current, record)) {
        persist.accept(record);
        return Optional.of(next);
      }
    }
  }

  @Override
  public void removeSpec(int node) {
    while (true) {
      SpecRecord current = specs.get(node);
      if (current == null || current.removed()) {
        return;
      }
      SpecRecord tombstone = current.then(null);
      if (specs.replace(node, current, tombstone)) {
        persist.accept(tombstone);
        return;
      }
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
  public NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change) {
    return compareAndSet(statuses, node, change);
  }

  @Override
  public Collection<HostStatus> hosts() {
    return List.copyOf(hosts.values());
  }

  @Override
  public HostStatus updateHost(String name, UnaryOperator<HostStatus> change) {
    return compareAndSet(hosts, name, change);
  }

  @Override
  public Map<String, String> maintenance() {
    return Map.copyOf(maintenance);
  }

  @Override
  public void setMaintenance(String host, String reason) {
    if (reason == null) {
      maintenance.delete(host);
    } else {
      maintenance.set(host, reason);
    }
  }

  /** Replaces {@code key}'s value by {@code change} of it, retrying when someone else won. */
  private static <K, V> V compareAndSet(IMap<K, V> map, K key, UnaryOperator<V> change) {
    while (true) {
      V current = map.get(key);
      V next = change.apply(current);
      if (next == null) {
        if (current == null || map.remove(key, current)) {
          return null;
        }
      } else if (current == null) {
        if (map.putIfAbsent(key, next) == null) {
          return next;
        }
      } else if (next.equals(current) || map.replace(key, current, next)) {
        return next;
      }
    }
  }
}
