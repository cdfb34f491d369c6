package io.unum.orchestrator.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A host as users see it: its state, size, load and the nodes placed on it.
 *
 * @param maintenanceReason why it is in maintenance ("" for no reason given), null when it is not
 * @param migrationTls      whether it can send and receive migrations over TLS (has the certificates)
 * @param meshAddress       its address on the host mesh, null for a lone host
 * @param degraded          why it cannot run or take nodes now although up (its hypervisor fails), or null
 * @param lastHeardSecondsAgo whole seconds since the answering host last saw this one's heartbeat move, on
 *                          its own clock (for a host not heard since that host started: since then); null
 *                          while it is heard, for a host that left, and when the answering host never saw it
 */
public record HostView(String name, String state, long sinceMillis, int cpus, long memoryMiB,
    String accel, double load1, String apiAddress, List<Integer> nodes, boolean maintenance,
    String maintenanceReason, boolean migrationTls, String meshAddress, String degraded, Long lastHeardSecondsAgo) {

  /** @param silence how long the answering host has not heard it (empty when it never saw it) */
  static HostView of(HostStatus host, List<Integer> nodes, String maintenanceReason, Optional<Duration> silence) {
    HostInfo info = host.info();
    return new HostView(info.name(), host.state().label(), host.sinceMillis(), info.cpus(),
        info.memoryMiB(), info.accel(), host.load1(), info.apiAddress(), nodes,
        maintenanceReason != null, maintenanceReason, info.migrationTls(), info.meshAddress(), host.degraded(),
        lastHeard(host.state(), silence));
  }

  /** Only a silence worth telling: an up host heard within the suspect bound has none. */
  private static Long lastHeard(HostState state, Optional<Duration> silence) {
    Optional<Duration> told = switch (state) {
      case LEFT -> Optional.empty();
      case UP -> silence.filter(s -> s.compareTo(FailureDetector.SUSPECT_AFTER) >= 0);
      case SUSPECT, DOWN -> silence;
    };
    return told.map(Duration::toSeconds).orElse(null);
  }
}
