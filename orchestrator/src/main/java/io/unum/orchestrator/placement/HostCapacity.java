package io.unum.orchestrator.placement;

import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host as placement sees it: what it has, and what the nodes already bound to it take.
 *
 * @param up          whether the host is a live member now (only live hosts get new nodes)
 * @param maintenance why the host is in maintenance (it gets no new nodes), or null
 * @param degraded    why the host cannot take nodes now although up (its hypervisor fails), or null
 */
public record HostCapacity(String name, boolean up, int cpus, long memoryMiB, int nodes,
    int boundCpus, long boundMemoryMiB, String maintenance, String degraded) {

  /** A healthy host not in maintenance. */
  public HostCapacity(String name, boolean up, int cpus, long memoryMiB, int nodes, int boundCpus,
      long boundMemoryMiB) {
    this(name, up, cpus, memoryMiB, nodes, boundCpus, boundMemoryMiB, null, null);
  }

  /** Every host of the cluster, by name, with what the running nodes bound to it take. */
  public static Map<String, HostCapacity> of(Collection<HostStatus> hosts, Map<String, String> maintenance,
      Collection<NodeSpec> specs) {
    Map<String, HostCapacity> capacities = new LinkedHashMap<>();
    for (HostStatus host : hosts) {
      capacities.put(host.name(), new HostCapacity(host.name(), host.state() == HostState.UP,
          host.info().cpus(), host.info().memoryMiB(), 0, 0, 0, maintenance.get(host.name()), host.degraded()));
    }
    for (NodeSpec spec : specs) {
      if (spec.isBound() && spec.running()) {
        capacities.computeIfPresent(spec.host(), (name, h) -> h.plus(spec.cpus(), spec.memoryMiB()));
      }
    }
    return capacities;
  }

  /** Memory nodes may have here: what the host has less what it keeps for itself. */
  public long usableMemoryMiB() {
    return Math.max(1, memoryMiB - Placement.HOST_RESERVED_MIB);
  }

  /** The same host with one node of this size less bound to it. */
  public HostCapacity minus(int nodeCpus, long nodeMemoryMiB) {
    return new HostCapacity(name, up, cpus, memoryMiB, nodes - 1, boundCpus - nodeCpus,
        boundMemoryMiB - nodeMemoryMiB, maintenance, degraded);
  }

  /** The same host with one more node of this size bound to it. */
  public HostCapacity plus(int nodeCpus, long nodeMemoryMiB) {
    return new HostCapacity(name, up, cpus, memoryMiB, nodes + 1, boundCpus + nodeCpus,
        boundMemoryMiB + nodeMemoryMiB, maintenance, degraded);
  }
}
