package io.unum.orchestrator.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of one host's orchestrator (from the {@code unum daemon} command line and config).
 *
 * @param sharedDir storage every host sees (node disks); the state dir on a lone host
 * @param hosts     control-plane addresses (HOST:PORT) of the cluster's hosts, this one may be among them
 */
public record DaemonConfig(String hostName, String apiHost, int apiPort, Path stateDir,
    Path sharedDir, Path kernel, Path baseImage, String libvirtUri, String accel, String bridge, String cidr,
    String clusterName, String controlPlaneAddress, int controlPlanePort, List<String> hosts,
    Duration bootTimeout) {
}
