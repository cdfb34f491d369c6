package io.unum.orchestrator.cluster;

import java.util.List;

/**
 * A host as users see it: its state, size, load and the nodes placed on it.
 *
 * @param maintenanceReason why it is in maintenance ("" for no reason given), null when it is not
 * @param migrationTls      whether it can send and receive migrations over TLS (has the certificates)
 * @param meshAddress       its address on the host mesh, null for a lone host
 * @param degraded          why it cannot run or take nodes now although up (its hypervisor fails), or null
 */
public record HostView(String name, String state, long sinceMillis, int cpus, long memoryMiB,
    String accel, double load1, String apiAddress, List<Integer> nodes, boolean maintenance,
    String maintenanceReason, boolean migrationTls, String meshAddress, String degraded) {

  static HostView of(HostStatus host, List<Integer> nodes, String maintenanceReason) {
    HostInfo info = host.info();
    return new HostView(info.name(), host.state().label(), host.sinceMillis(), info.cpus(),
        info.memoryMiB(), info.accel(), host.load1(), info.apiAddress(), nodes,
        maintenanceReason != null, maintenanceReason, info.migrationTls(), info.meshAddress(), host.degraded());
  }
}
