package io.unum.orchestrator.cluster;

import java.util.List;
import java.util.Map;

/** The cluster at a glance: this host, the control plane, node counts by state. */
public record ClusterStatus(String version, HostInfo host, int controlPlaneMembers,
    List<HostView> hosts, int nodes, Map<String, Long> nodesByState) {
}
