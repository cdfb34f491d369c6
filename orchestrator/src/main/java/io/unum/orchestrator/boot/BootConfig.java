package io.unum.orchestrator.boot;

import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.nio.file.Path;
import java.time.Duration;

/** What the node controller needs to know to boot nodes on this host. */
public record BootConfig(String hostName, Path kernel, Path baseImage, Accel accel, String bridge,
    NodeAddressing addressing, Duration bootTimeout, NodePaths paths) {
}
