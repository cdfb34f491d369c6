package io.unum.orchestrator.cluster;

import java.util.Collection;
import java.util.Map;

/** The cluster's state in bulk, for listings: nodes' specs and status, hosts, maintenance. */
public interface ClusterView {

  Collection<NodeSpec> specs();

  Collection<NodeStatus> statuses();

  Collection<HostStatus> hosts();

  /** Hosts in maintenance (they get no new nodes), each with the operator's reason ("" for none). */
  Map<String, String> maintenance();
}
