package io.unum.orchestrator.cluster;

/**
 * What one host's orchestrator says: its version, itself, the cluster as it sees it, and whether it
 * holds the lease that lets it run nodes ({@code fencing} in words, {@code lease} in numbers: null
 * with fencing off).
 */
public record HostReport(String version, HostInfo host, ClusterStatus cluster, String fencing, LeaseReport lease) {
}
