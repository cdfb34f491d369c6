package io.unum.orchestrator.services;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides where each service runs, from the catalog, the cluster's run level and the running
 * nodes. Plain logic, run by the leader on behalf of the init role: a service placed on "any"
 * node stays where it is while that node runs, and otherwise goes to the running node with the
 * fewest services (the lowest-numbered on a tie), so a dead node's services restart elsewhere
 * and nothing moves for no reason.
 */
public final class ServicePlan {
  private ServicePlan() {}

  /** The assignment for run level {@code level} with {@code running} nodes; {@code previous} keeps "any" services put. */
  public static ServiceAssignment assign(ServiceCatalog catalog, int level, Collection<Integer> running,
      ServiceAssignment previous, long nowMillis) {
    SortedSet<Integer> up = new TreeSet<>(running);
    Map<String, List<Integer>> nodes = new TreeMap<>();
    Map<Integer, Integer> load = new HashMap<>();
    up.forEach(node -> load.put(node, 0));
    // Fixed placements first, so "any" services spread around what must run where it does.
    for (ServiceSpec spec : catalog.services().values()) {
      if (!spec.runsAt(level) || spec.placement() == ServiceSpec.Placement.ANY) {
        continue;
      }
      List<Integer> on = switch (spec.placement()) {
        case EVERY -> List.copyOf(up);
        case NODE -> up.contains(spec.node()) ? List.of(spec.node()) : List.of();
        case ANY -> List.of();
      };
      nodes.put(spec.name(), on);
      on.forEach(node -> load.merge(node, 1, Integer::sum));
    }
    for (ServiceSpec spec : catalog.services().values()) {
      if (spec.runsAt(level) && spec.placement() == ServiceSpec.Placement.ANY) {
        List<Integer> before = previous == null ? List.of() : previous.of(spec.name());
        Integer node = before.size() == 1 && up.contains(before.get(0)) ? before.get(0) : leastLoaded(load);
        if (node != null) {
          nodes.put(spec.name(), List.of(node));
          load.merge(node, 1, Integer::sum);
        } else {
          nodes.put(spec.name(), List.of());
        }
      }
    }
    return new ServiceAssignment(nodes, level, nowMillis);
  }

  private static Integer leastLoaded(Map<Integer, Integer> load) {
    Integer best = null;
    for (Map.Entry<Integer, Integer> node : new TreeMap<>(load).entrySet()) {
      if (best == null || node.getValue() < load.get(best)) {
        best = node.getKey();
      }
    }
    return best;
  }
}
