package io.unum.orchestrator.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The cluster's shared state: desired node specs (durable) and observed node and host status.
 * The real implementation keeps it in Hazelcast maps; every orchestrator sees the same.
 */
public interface ClusterStore extends ClusterView {

  /** Every node's spec, read from the shared map itself (never behind). */
  @Override
  Collection<NodeSpec> specs();

  Optional<NodeSpec> spec(int node);

  /** Adds a node's spec; false (and nothing changes) when the node already exists. */
  boolean createSpec(NodeSpec spec);

  /**
   * Atomically replaces the spec of {@code node} by {@code change} applied to it; empty when
   * the node does not exist. Concurrent changes are retried, never lost.
   */
  default Optional<NodeSpec> updateSpec(int node, UnaryOperator<NodeSpec> change) {
    return updateSpec(node, LeaderStamp.NONE, change);
  }

  /**
   * As {@link #updateSpec(int, UnaryOperator)}, for a decision of the leader of {@code leaderEpoch}
   * ({@link LeaderStamp#NONE}: no leader's): the record then carries that epoch.
   *
   * @throws DeposedLeaderException when a newer leader wrote the node's spec: nothing changed
   */
  Optional<NodeSpec> updateSpec(int node, long leaderEpoch, UnaryOperator<NodeSpec> change);

  /** Removes a node's spec, leaving a tombstone so no stale copy brings it back. */
  void removeSpec(int node);

  /** Whether the node was removed (a tombstone, no spec). */
  boolean wasRemoved(int node);

  @Override
  Collection<NodeStatus> statuses();

  Optional<NodeStatus> status(int node);

  /**
   * Atomically replaces the status of {@code node} by {@code change} applied to the current one
   * (null when there is none); a null result removes it. Returns the new status.
   */
  NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change);

  @Override
  Collection<HostStatus> hosts();

  /** Atomically replaces the status of host {@code name}, as {@link #updateStatus} does for nodes. */
  HostStatus updateHost(String name, UnaryOperator<HostStatus> change);

  @Override
  Map<String, String> maintenance();

  /** Puts a host in maintenance with a reason, or takes it out with null. */
  void setMaintenance(String host, String reason);
}
