package io.unum.orchestrator.cluster;

import java.io.Serializable;

/** A node's load as its agent last reported it in a heartbeat. */
public record NodeLoad(double load1, double cpuPercent, long memTotalKiB, long memAvailableKiB,
    int processes, double uptimeSeconds, long reportedAtMillis) implements Serializable {
}
