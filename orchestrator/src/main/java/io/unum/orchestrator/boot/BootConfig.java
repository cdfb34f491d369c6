package io.unum.orchestrator.boot;

import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the node controller needs to know to boot nodes on this host.
 *
 * @param mtu  the interconnect's MTU for the nodes' NICs (0: the bridge's default)
 * @param pids the cluster's PID space, told to each node's kernel
 */
public record BootConfig(String hostName, Path kernel, Path baseImage, Accel accel, String bridge,
    int mtu, NodeAddressing addressing, PidSpace pids, Duration bootTimeout, NodePaths paths) {
}
