package io.unum.orchestrator.placement;

/**
 * A host as placement sees it: what it has, and what the nodes already bound to it take.
 *
 * @param up          whether the host is a live member now (only live hosts get new nodes)
 * @param maintenance why the host is in maintenance (it gets no new nodes), or null
 */
public record HostCapacity(String name, boolean up, int cpus, long memoryMiB, int nodes,
    int boundCpus, long boundMemoryMiB, String maintenance) {

  /** A host not in maintenance. */
  public HostCapacity(String name, boolean up, int cpus, long memoryMiB, int nodes, int boundCpus,
      long boundMemoryMiB) {
    this(name, up, cpus, memoryMiB, nodes, boundCpus, boundMemoryMiB, null);
  }

  /** The same host with one more node of this size bound to it. */
  public HostCapacity plus(int nodeCpus, long nodeMemoryMiB) {
    return new HostCapacity(name, up, cpus, memoryMiB, nodes + 1, boundCpus + nodeCpus,
        boundMemoryMiB + nodeMemoryMiB, maintenance);
  }
}
