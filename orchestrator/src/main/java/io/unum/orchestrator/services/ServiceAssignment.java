package io.unum.orchestrator.services;

import io.unum.orchestrator.cluster.LeaderStamp;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the leader wants each service to run now: service name -> nodes (empty: nowhere, because
 * its run levels exclude the cluster's or no suitable node runs). One value, replaced whole.
 *
 * @param level       the run level it was made for (the target of a run-level change under way)
 * @param leaderEpoch the epoch of the leader that made it ({@link LeaderStamp}): an older one may not replace it
 */
public record ServiceAssignment(Map<String, List<Integer>> nodes, int level, long changedMillis, long leaderEpoch)
    implements Serializable {
  public static final ServiceAssignment NONE = new ServiceAssignment(Map.of(), 0, 0);

  /** An assignment no leader stamped. */
  public ServiceAssignment(Map<String, List<Integer>> nodes, int level, long changedMillis) {
    this(nodes, level, changedMillis, LeaderStamp.NONE);
  }

  public ServiceAssignment {
    TreeMap<String, List<Integer>> copy = new TreeMap<>();
    if (nodes != null) {
      nodes.forEach((service, on) -> copy.put(service, List.copyOf(on)));
    }
    nodes = copy;
  }

  /** The nodes {@code service} should run on; empty when none. */
  public List<Integer> of(String service) {
    return nodes.getOrDefault(service, List.of());
  }

  /** Whether {@code service} should run on {@code node}. */
  public boolean places(String service, int node) {
    return of(service).contains(node);
  }

  /** This assignment as the leader of {@code leader} makes it. */
  public ServiceAssignment madeBy(long leader) {
    return new ServiceAssignment(nodes, level, changedMillis, leader);
  }

  /** Same placements (and level) as {@code other}, whenever made and by whichever leader. */
  public boolean sameAs(ServiceAssignment other) {
    return other != null && level == other.level && nodes.equals(other.nodes);
  }
}
