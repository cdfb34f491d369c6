package io.unum.orchestrator.boot;

import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the node controller needs to know to boot nodes on this host.
 *
 * @param mtu the interconnect's MTU for the nodes' NICs (0: the bridge's default)
 */
public record BootConfig(String hostName, Path kernel, Path baseImage, Accel accel, String bridge,
    int mtu, NodeAddressing addressing, Duration bootTimeout, NodePaths paths) {
}
