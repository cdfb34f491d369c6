package io.unum.orchestrator.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** The cluster's state for reading: nodes' specs and status, hosts, maintenance. */
public interface ClusterView {

  Collection<NodeSpec> specs();

  /** One node's spec; empty when there is none (or it was removed). */
  Optional<NodeSpec> spec(int node);

  Collection<NodeStatus> statuses();

  /** One node's status; empty before its host first reported it. */
  Optional<NodeStatus> status(int node);

  Collection<HostStatus> hosts();

  /** Hosts in maintenance (they get no new nodes), each with the operator's reason ("" for none). */
  Map<String, String> maintenance();
}
