package io.unum.orchestrator.hypervisor;

import java.nio.file.Path;

/**
 * Everything needed to write one node's libvirt domain: a direct-kernel-boot guest with one
 * overlay disk, one NIC on the interconnect bridge, a serial console logged to a file and the
 * agent's virtio-serial channel.
 *
 * @param mtu the NIC's MTU, which the guest adopts (0: the bridge's default)
 */
public record DomainSpec(String name, int node, Accel.Kind accel, int cpus, int memoryMiB,
    Path kernel, String cmdline, Path disk, String mac, String bridge, int mtu, Path consoleLog,
    Path agentSocket) {
}
