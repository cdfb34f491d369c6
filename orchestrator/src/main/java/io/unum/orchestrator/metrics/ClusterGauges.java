package io.unum.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Gauges of the cluster's shared state, read from the store once per scrape: nodes and hosts by
 * state ({@code unum_nodes}, {@code unum_hosts}), seconds since each connected agent was last
 * heard ({@code unum_agent_heartbeat_age_seconds}) and control-plane members
 * ({@code unum_control_plane_members}). Every host reports the same cluster-wide counts.
 */
public final class ClusterGauges implements SnapshotMeters {
  private final ClusterView store;
  private final IntSupplier members;
  private final LongSupplier nowMillis;
  private final Map<NodeState, AtomicInteger> nodes = new EnumMap<>(NodeState.class);
  private final Map<HostState, AtomicInteger> hosts = new EnumMap<>(HostState.class);
  private final AtomicInteger memberCount = new AtomicInteger();
  private MultiGauge heartbeatAges;

  /** @param members how many members the control plane has now */
  public ClusterGauges(ClusterView store, IntSupplier members) {
    this(store, members, System::currentTimeMillis);
  }

  ClusterGauges(ClusterView store, IntSupplier members, LongSupplier nowMillis) {
    this.store = store;
    this.members = members;
    this.nowMillis = nowMillis;
    for (NodeState state : NodeState.values()) {
      nodes.put(state, new AtomicInteger());
    }
    for (HostState state : HostState.values()) {
      hosts.put(state, new AtomicInteger());
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // Every state gets a series, zero included, so a dashboard sees "0 failed", not "no data".
    nodes.forEach((state, count) -> Gauge.builder("unum.nodes", count, AtomicInteger::get)
        .description("Nodes by observed state, cluster-wide")
        .tag("state", state.label()).register(registry));
    hosts.forEach((state, count) -> Gauge.builder("unum.hosts", count, AtomicInteger::get)
        .description("Hosts by control-plane state, cluster-wide")
        .tag("state", state.label()).register(registry));
    Gauge.builder("unum.control.plane.members", memberCount, AtomicInteger::get)
        .description("Members of the Hazelcast control plane as this host sees it")
        .register(registry);
    heartbeatAges = MultiGauge.builder("unum.agent.heartbeat.age")
        .description("Seconds since the node's connected agent was last heard (heartbeat, or hello"
            + " before the first heartbeat)")
        .baseUnit("seconds").register(registry);
  }

  @Override
  public void refresh() {
    Collection<NodeStatus> statuses = store.statuses();
    Collection<HostStatus> hostStatuses = store.hosts();
    int memberNow = members.getAsInt();
    long now = nowMillis.getAsLong();

    Map<NodeState, Integer> nodeCounts = new EnumMap<>(NodeState.class);
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    for (NodeStatus status : statuses) {
      nodeCounts.merge(status.state(), 1, Integer::sum);
      OptionalLong heard = lastHeardMillis(status);
      if (heard.isPresent()) {
        double age = Math.max(0, now - heard.getAsLong()) / 1000.0;
        ages.add(MultiGauge.Row.of(Tags.of("node", Integer.toString(status.node())), age));
      }
    }
    Map<HostState, Integer> hostCounts = new EnumMap<>(HostState.class);
    for (HostStatus host : hostStatuses) {
      hostCounts.merge(host.state(), 1, Integer::sum);
    }
    nodes.forEach((state, count) -> count.set(nodeCounts.getOrDefault(state, 0)));
    hosts.forEach((state, count) -> count.set(hostCounts.getOrDefault(state, 0)));
    memberCount.set(memberNow);
    // Overwrite: a node whose agent went away loses its series instead of ageing forever.
    heartbeatAges.register(ages, true);
  }

  /**
   * When the node's connected agent was last heard: its last heartbeat, or, before the first
   * one, its hello (the move to running). Empty when no agent is connected.
   */
  static OptionalLong lastHeardMillis(NodeStatus status) {
    if (!status.agent().connected()) {
      return OptionalLong.empty();
    }
    if (status.load() != null) {
      return OptionalLong.of(status.load().reportedAtMillis());
    }
    return status.state() == NodeState.RUNNING ? OptionalLong.of(status.stateSinceMillis())
        : OptionalLong.empty();
  }
}
