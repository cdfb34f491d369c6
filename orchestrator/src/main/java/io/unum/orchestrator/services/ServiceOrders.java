package io.unum.orchestrator.services;

import io.unum.agent.protocol.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one node's agent is told to run: the services assigned to it, in dependency order, each
 * allowed to start only once all its dependencies run somewhere; and, kept running while a
 * service that needs it is still being stopped elsewhere, one that is leaving (so dependents stop
 * before what they depend on). Plain logic.
 */
public final class ServiceOrders {
  private ServiceOrders() {}

  /**
   * @param instances every node's instances, as reported
   * @param withAny   false while this host cannot confirm the assignment (no quorum): services
   *                  placed on "any" node are left out, so they stop rather than run twice
   */
  public static List<Messages.ServiceOrder> forNode(int node, ServiceCatalog catalog, ServiceAssignment assignment,
      Map<Integer, List<ServiceInstance>> instances, boolean withAny) {
    Set<String> running = new HashSet<>();
    instances.values().forEach(list -> list.stream().filter(ServiceInstance::running)
        .forEach(instance -> running.add(instance.service())));
    List<Messages.ServiceOrder> orders = new ArrayList<>();
    for (ServiceSpec spec : dependencyOrder(catalog)) {
      if (!withAny && spec.placement() == ServiceSpec.Placement.ANY) {
        continue;
      }
      if (assignment.places(spec.name(), node)) {
        orders.add(order(spec, running.containsAll(spec.dependsOn())));
      } else if (runsOn(instances, spec.name(), node) && neededByLeaving(spec.name(), catalog, assignment, instances)) {
        orders.add(order(spec, false));
      }
    }
    return orders;
  }

  /** Whether a service that depends on {@code service} still runs on a node it is leaving. */
  private static boolean neededByLeaving(String service, ServiceCatalog catalog, ServiceAssignment assignment,
      Map<Integer, List<ServiceInstance>> instances) {
    for (String dependent : catalog.dependents(service)) {
      for (Map.Entry<Integer, List<ServiceInstance>> node : instances.entrySet()) {
        if (!assignment.places(dependent, node.getKey()) && runsOn(instances, dependent, node.getKey())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean runsOn(Map<Integer, List<ServiceInstance>> instances, String service, int node) {
    return instances.getOrDefault(node, List.of()).stream()
        .anyMatch(i -> i.service().equals(service) && (i.running() || "stopping".equals(i.state())));
  }

  /** The catalog's services, each after everything it depends on (the catalog has no cycles). */
  static Collection<ServiceSpec> dependencyOrder(ServiceCatalog catalog) {
    Set<String> placed = new LinkedHashSet<>();
    for (String name : catalog.services().keySet()) {
      visit(name, catalog, placed);
    }
    List<ServiceSpec> ordered = new ArrayList<>();
    placed.forEach(name -> ordered.add(catalog.services().get(name)));
    return ordered;
  }

  private static void visit(String name, ServiceCatalog catalog, Set<String> placed) {
    ServiceSpec spec = catalog.services().get(name);
    if (spec == null || placed.contains(name)) {
      return;
    }
    for (String dependency : spec.dependsOn()) {
      visit(dependency, catalog, placed);
    }
    placed.add(name);
  }

  private static Messages.ServiceOrder order(ServiceSpec spec, boolean start) {
    ServiceSpec.Restart restart = spec.restart();
    return new Messages.ServiceOrder(spec.name(), spec.revision(), spec.command(), spec.user(),
        spec.env().isEmpty() ? null : spec.env(), policy(restart.policy()), restart.limit(), restart.backoffMillis(),
        restart.maxBackoffMillis(), spec.stopTimeoutSeconds() * 1000L, start);
  }

  private static Messages.Restart policy(ServiceSpec.Policy policy) {
    return switch (policy) {
      case ALWAYS -> Messages.Restart.ALWAYS;
      case ON_FAILURE -> Messages.Restart.ON_FAILURE;
      case NEVER -> Messages.Restart.NEVER;
    };
  }
}
