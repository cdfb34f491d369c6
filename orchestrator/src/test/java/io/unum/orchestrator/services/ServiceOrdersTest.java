package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a node is told: its services in dependency order, started once their dependencies run. */
class ServiceOrdersTest {
  private final ServiceCatalog catalog = ServiceCatalog.EMPTY
      .with(ServiceCatalogTest.spec("db", null), 1)
      .with(ServiceCatalogTest.spec("web", null, "db"), 2)
      .with(ServiceCatalogTest.spec("api", null, "db", "web"), 3);

  private static ServiceInstance instance(String service, int node, String state) {
    return new ServiceInstance(service, node, state, state.equals("running") ? 131072 : 0, 0, null, 1, null, null, 1);
  }

  private static List<String> names(List<Messages.ServiceOrder> orders) {
    return orders.stream().map(o -> o.name() + (o.start() ? "" : "(wait)")).toList();
  }

  @Test
  void dependentsWaitUntilTheirDependenciesRunAnywhere() {
    ServiceAssignment placed = new ServiceAssignment(Map.of("db", List.of(2), "web", List.of(1), "api", List.of(1)), 3, 1);
    assertThat(names(ServiceOrders.forNode(1, catalog, placed, Map.of(), true))).containsExactly("web(wait)", "api(wait)");
    Map<Integer, List<ServiceInstance>> dbUp = Map.of(2, List.of(instance("db", 2, "running")));
    assertThat(names(ServiceOrders.forNode(1, catalog, placed, dbUp, true))).containsExactly("web", "api(wait)");
    assertThat(names(ServiceOrders.forNode(2, catalog, placed, dbUp, true))).containsExactly("db");
  }

  @Test
  void aLeavingDependencyStaysUntilItsDependentsHaveStopped() {
    ServiceAssignment none = new ServiceAssignment(Map.of(), 1, 1);
    Map<Integer, List<ServiceInstance>> running = Map.of(1, List.of(instance("db", 1, "running"),
        instance("web", 1, "running")));
    assertThat(names(ServiceOrders.forNode(1, catalog, none, running, true))).containsExactly("db(wait)");
    Map<Integer, List<ServiceInstance>> webGone = Map.of(1, List.of(instance("db", 1, "running")));
    assertThat(ServiceOrders.forNode(1, catalog, none, webGone, true)).isEmpty();
  }

  @Test
  void withoutQuorumAnyServicesAreNotOrdered() {
    ServiceCatalog mixed = catalog.with(new ServiceSpec("agentd", List.of("x"), null, null, ServiceSpec.Placement.EVERY,
        null, null, null, null, null, 0), 4);
    ServiceAssignment placed = new ServiceAssignment(Map.of("db", List.of(1), "agentd", List.of(1)), 3, 1);
    assertThat(names(ServiceOrders.forNode(1, mixed, placed, Map.of(), false))).containsExactly("agentd");
    Messages.ServiceOrder order = ServiceOrders.forNode(1, mixed, placed, Map.of(), true).get(0);
    assertThat(order.stopMillis()).isEqualTo(10_000);
    assertThat(order.restart()).isEqualTo(Messages.Restart.ON_FAILURE);
  }
}
