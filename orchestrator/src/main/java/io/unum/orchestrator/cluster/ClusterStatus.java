package io.unum.orchestrator.cluster;

import java.util.List;
import java.util.Map;

/**
 * The cluster at a glance, the same from every host: its control plane and leader, hosts, and
 * node counts by state.
 *
 * @param leader      the host leading the control plane (its oldest member)
 * @param leaderEpoch the epoch of the current leader; it grows with every change of leader
 * @param consistency how the control plane's CP structures run, and why
 * @param previousRunLevel the run level before the current one; null when there was none
 * @param initNode    the node holding the init role; null when no node runs
 * @param initEpoch   the epoch of that grant (it grows with every move)
 * @param pidRange    PIDs per node (the cluster's PID space)
 * @param maxNodes    the highest node number that PID space allows
 * @param suspectAfterSeconds    how long a host may go unheard before it is suspect
 * @param failureDeadlineSeconds how long a host may go unheard before it is down: the leader's setting
 */
public record ClusterStatus(String name, int controlPlaneMembers, String leader, long leaderEpoch,
    String consistency, List<HostView> hosts, int nodes, Map<String, Long> nodesByState, int runLevel,
    Integer previousRunLevel, Integer initNode, long initEpoch, int pidRange, int maxNodes,
    long suspectAfterSeconds, long failureDeadlineSeconds) {
}
