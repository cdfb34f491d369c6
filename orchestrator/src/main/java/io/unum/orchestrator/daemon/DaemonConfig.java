package io.unum.orchestrator.daemon;

import io.unum.orchestrator.cluster.PidSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of one host's orchestrator (from the {@code unum daemon} command line and config).
 *
 * @param sharedDir storage every host sees (node disks); the state dir on a lone host
 * @param pids      the cluster's PID space (PIDs per node, and so how many nodes)
 * @param hosts     control-plane addresses (HOST:PORT) of the cluster's hosts, this one may be among them
 * @param meshPort  UDP port of the host mesh (see {@code hostmesh.HostMesh}), used when there are hosts
 * @param adminTokenFile where this host keeps its own credential (see {@code access.HostCredential})
 * @param auditLog  this host's copy of the cluster's audit log (see {@code audit.AuditFile})
 * @param failureDeadline how long a host may go unheard before it is down (see {@code cluster.FailureDetector})
 * @param watchdog  the watchdog program a host of a fenced cluster starts (see {@code fencing.ProcessWatchdog})
 * @param watchdogLog where that program writes what it did
 * @param watchdogDevice the watchdog device that program arms (a reset should it die or hang); null: none
 * @param fencing   whether this host runs nodes only under a lease (see {@code fencing.LeaseKeeper})
 */
public record DaemonConfig(String hostName, String apiHost, int apiPort, Path stateDir,
    Path sharedDir, Path kernel, Path baseImage, String libvirtUri, String accel, String bridge, String cidr,
    PidSpace pids, String clusterName, String controlPlaneAddress, int controlPlanePort, List<String> hosts,
    int meshPort, Duration bootTimeout, Duration failureDeadline, Path adminTokenFile, Path auditLog,
    Path watchdog, Path watchdogLog, Path watchdogDevice, boolean fencing) {
}
