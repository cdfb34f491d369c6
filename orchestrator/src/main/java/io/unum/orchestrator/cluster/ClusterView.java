package io.unum.orchestrator.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;

/** The cluster's state in bulk, for listings: nodes' specs and status, hosts, maintenance. */
public interface ClusterView {

  Collection<NodeSpec> specs();

  Collection<NodeStatus> statuses();

  Collection<HostStatus> hosts();

  /** Hosts in maintenance (they get no new nodes), each with the operator's reason ("" for none). */
  Map<String, String> maintenance();

  /**
   * A number that moves whenever the nodes' specs or statuses this view holds change, so that what
   * was built from them can be reused while it stands still; empty when this view cannot tell.
   */
  default OptionalLong nodesRevision() {
    return OptionalLong.empty();
  }
}
