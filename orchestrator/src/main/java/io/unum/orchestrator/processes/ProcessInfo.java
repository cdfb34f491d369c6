package io.unum.orchestrator.processes;

import java.io.Serializable;

/**
 * One process of the cluster, as its node's agent reported it. With node-ranged PIDs (the Unum
 * kernel) {@code pid} is its cluster-wide PID; PIDs below the range size are every node's early
 * boot processes (PID 1, kernel threads) and are told apart by {@code node}.
 *
 * @param kernel whether it is a kernel thread (listed only on request, as ps -e does)
 */
public record ProcessInfo(int node, long pid, long ppid, long uid, String user, String state,
    double cpuPercent, long rssKiB, long startMillis, String cmd, boolean kernel) implements Serializable {
}
