package io.unum.orchestrator.cluster;

import java.util.List;
import java.util.Map;

/**
 * The cluster at a glance: this host, the control plane and its leader, node counts by state.
 *
 * @param leader      the host leading the control plane (its oldest member)
 * @param leaderEpoch the epoch of the current leader; it grows with every change of leader
 */
public record ClusterStatus(String version, HostInfo host, int controlPlaneMembers, String leader,
    long leaderEpoch, List<HostView> hosts, int nodes, Map<String, Long> nodesByState) {
}
