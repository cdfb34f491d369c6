package io.unum.orchestrator.cluster;

/** What one host's orchestrator says: its version, itself, and the cluster as it sees it. */
public record HostReport(String version, HostInfo host, ClusterStatus cluster) {
}
