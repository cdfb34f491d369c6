package io.unum.orchestrator.placement;

import io.unum.orchestrator.cluster.NodeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the host for a node: one that is up, fits its memory and virtual CPUs, and carries
 * the fewest nodes (spreading them), or the host the node is pinned to. Pure: no I/O.
 */
public final class Placement {
  /** Virtual CPUs per physical CPU that a host may carry (guests are mostly idle). */
  static final int CPU_OVERCOMMIT = 4;
  /** Memory kept for the host itself: its daemons and QEMU's own overhead. */
  static final long HOST_RESERVED_MIB = 1024;

  private Placement() {}

  /** Where {@code spec} should go, or why it cannot go anywhere. */
  public static Decision place(NodeSpec spec, Collection<HostCapacity> hosts) {
    List<HostCapacity> candidates = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (HostCapacity host : hosts) {
      if (!spec.pinnedHost().isEmpty() && !spec.pinnedHost().equals(host.name())) {
        continue;
      }
      refusal(spec, host).ifPresentOrElse(refusals::add, () -> candidates.add(host));
    }
    Optional<HostCapacity> best = candidates.stream().min(Comparator
        .comparingInt(HostCapacity::nodes)
        .thenComparingLong(h -> h.boundMemoryMiB() - h.memoryMiB())
        .thenComparing(HostCapacity::name));
    if (best.isPresent()) {
      return new Decision(best.get().name(), null);
    }
    if (!spec.pinnedHost().isEmpty() && refusals.isEmpty()) {
      return new Decision(null, "pinned to host " + spec.pinnedHost() + ", which is not in the cluster");
    }
    return new Decision(null, refusals.isEmpty() ? "no host is up"
        : "no host fits it: " + String.join("; ", refusals));
  }

  private static Optional<String> refusal(NodeSpec spec, HostCapacity host) {
    if (!host.up()) {
      return Optional.of(host.name() + " is not up");
    }
    if (host.maintenance() != null) {
      return Optional.of(host.name() + " is in maintenance"
          + (host.maintenance().isEmpty() ? "" : " (" + host.maintenance() + ")"));
    }
    if (host.degraded() != null) {
      return Optional.of(host.name() + " is degraded (" + host.degraded() + ")");
    }
    long freeMiB = host.memoryMiB() - HOST_RESERVED_MIB - host.boundMemoryMiB();
    if (spec.memoryMiB() > freeMiB) {
      return Optional.of(host.name() + " has " + Math.max(0, freeMiB) + " MiB free, the node needs "
          + spec.memoryMiB());
    }
    int freeCpus = host.cpus() * CPU_OVERCOMMIT - host.boundCpus();
    if (spec.cpus() > freeCpus) {
      return Optional.of(host.name() + " has " + Math.max(0, freeCpus) + " virtual CPUs free, the node needs "
          + spec.cpus());
    }
    return Optional.empty();
  }

  /** A placement decision: {@code host}, or null and the {@code reason} none fits. */
  public record Decision(String host, String reason) {
    public boolean placed() {
      return host != null;
    }
  }
}
