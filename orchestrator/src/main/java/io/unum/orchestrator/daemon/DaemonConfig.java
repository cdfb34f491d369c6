package io.unum.orchestrator.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings of one host's orchestrator (from the {@code unum daemon} command line). */
public record DaemonConfig(String hostName, String apiHost, int apiPort, Path stateDir,
    Path kernel, Path baseImage, String libvirtUri, String accel, String bridge, String cidr,
    String clusterName, String controlPlaneAddress, int controlPlanePort, List<String> peers,
    Duration bootTimeout) {
}
