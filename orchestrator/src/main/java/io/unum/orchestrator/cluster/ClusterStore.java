package io.unum.orchestrator.cluster;

import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The cluster's shared state: desired node specs (durable) and observed node and host status.
 * The real implementation keeps it in Hazelcast maps; every orchestrator sees the same.
 */
public interface ClusterStore {

  Collection<NodeSpec> specs();

  Optional<NodeSpec> spec(int node);

  void putSpec(NodeSpec spec);

  void removeSpec(int node);

  Collection<NodeStatus> statuses();

  Optional<NodeStatus> status(int node);

  /**
   * Atomically replaces the status of {@code node} by {@code change} applied to the current one
   * (null when there is none); a null result removes it. Returns the new status.
   */
  NodeStatus updateStatus(int node, UnaryOperator<NodeStatus> change);

  Collection<HostStatus> hosts();

  /** Atomically replaces the status of host {@code name}, as {@link #updateStatus} does for nodes. */
  HostStatus updateHost(String name, UnaryOperator<HostStatus> change);
}
