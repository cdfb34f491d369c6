package io.unum.orchestrator.events;

import io.unum.orchestrator.cluster.BootPhase;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A {@link ClusterStore} that reports every change it makes to the event log: node specs
 * created, changed and removed, node state moves, host state moves (host.up, host.suspect,
 * host.down, host.left; a heartbeat is not one). The writer of a change
 * reports it, right after its compare-and-set won, so the log holds each change once.
 * Load and agent heartbeats are not state changes and are not reported.
 */
public final class EventingClusterStore implements ClusterStore {
  private final ClusterStore store;
  private final EventLog events;

  public EventingClusterStore(ClusterStore store, EventLog events) {
    this.store = store;
    this.events = events;
  }

  @Override
  public Collection<NodeSpec> specs() {
    return store.specs();
  }

  @Override
  public Optional<NodeSpec> spec(int node) {
    return store.spec(node);
  }

  @Override
  public boolean createSpec(NodeSpec spec) {
    boolean created = store.createSpec(spec);
    if (created) {
      events.publish(Event.of("node.created", nodeSubject(spec.node()), specData(spec)));
    }
    return created;
  }

  @Override
  public Optional<NodeSpec> updateSpec(int node, long leaderEpoch, UnaryOperator<NodeSpec> change) {
    AtomicReference<NodeSpec> before = new AtomicReference<>();
    Optional<NodeSpec> after = store.updateSpec(node, leaderEpoch, current -> {
      before.set(current);
      return change.apply(current);
    });
    after.filter(spec -> !spec.equals(before.get()))
        .ifPresent(spec -> events.publish(Event.of("node.updated", nodeSubject(node), specData(spec))));
    return after;
  }

  @Override
  public void removeSpec(int node) {
    boolean existed = store.spec(node).isPresent();
    store.removeSpec(node);
    if (existed) {
      events.publish(Event.of("node.removed", nodeSubject(node), Map.of("node", node)));
    }
  }

  @Override
  public boolean wasRemoved(int node) {
    return store.wasRemoved(node);
  }

  @Override
  public Collection<NodeStatus> statuses() {
    return store.statuses();
  }

  @Override
  public Optional<NodeStatus> status(int node) {
    return store.status(node);
  }

  @Override
  public NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change) {
    AtomicReference<NodeStatus> before = new AtomicReference<>();
    NodeStatus after = store.updateStatus(node, current -> {
      before.set(current);
      return change.apply(current);
    });
    NodeStatus old = before.get();
    if (after != null && (old == null || old.state() != after.state()
        || !Objects.equals(old.host(), after.host()) || !Objects.equals(old.error(), after.error()))) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("node", node);
      data.put("from", old == null ? null : old.state().label());
      data.put("to", after.state().label());
      data.put("host", after.host());
      data.put("error", after.error());
      events.publish(Event.of("node.state", nodeSubject(node), data));
    }
    if (after != null && after.bootPhase() != BootPhase.DEFINED && (old == null || old.bootPhase() != after.bootPhase())) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("node", node);
      data.put("phase", after.bootPhase().label());
      data.put("host", after.host());
      events.publish(Event.of("node.boot-phase", nodeSubject(node), data));
    }
    return after;
  }

  @Override
  public Collection<HostStatus> hosts() {
    return store.hosts();
  }

  @Override
  public HostStatus updateHost(String name, UnaryOperator<HostStatus> change) {
    AtomicReference<HostStatus> before = new AtomicReference<>();
    HostStatus after = store.updateHost(name, current -> {
      before.set(current);
      return change.apply(current);
    });
    HostStatus old = before.get();
    if (after != null && (old == null || old.state() != after.state()
        || !Objects.equals(old.memberId(), after.memberId()))) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("host", name);
      data.put("from", old == null ? null : old.state().label());
      data.put("to", after.state().label());
      // Named by the state it moved to (host.up, host.suspect, host.down, host.left): a
      // subscriber picks the moves it cares about, e.g. types=host.down.
      events.publish(Event.of("host." + after.state().label(), "host/" + name, data));
    }
    if (after != null && old != null && !Objects.equals(old.degraded(), after.degraded())) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("host", name);
      data.put("degraded", after.degraded());
      events.publish(Event.of("host.degraded", "host/" + name, data));
    }
    return after;
  }

  @Override
  public Map<String, String> maintenance() {
    return store.maintenance();
  }

  @Override
  public void setMaintenance(String host, String reason) {
    String before = store.maintenance().get(host);
    store.setMaintenance(host, reason);
    if (!Objects.equals(before, reason)) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("host", host);
      data.put("maintenance", reason != null);
      data.put("reason", reason);
      events.publish(Event.of("host.maintenance", "host/" + host, data));
    }
  }

  private static String nodeSubject(int node) {
    return "node/" + node;
  }

  private static Map<String, Object> specData(NodeSpec spec) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("node", spec.node());
    data.put("cpus", spec.cpus());
    data.put("memoryMiB", spec.memoryMiB());
    data.put("desiredRunning", spec.running());
    data.put("pinnedHost", spec.pinnedHost().isEmpty() ? null : spec.pinnedHost());
    data.put("host", spec.host().isEmpty() ? null : spec.host());
    return data;
  }
}
