package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where services go: by run level and placement; "any" stays put and leaves only a dead node. */
class ServicePlanTest {
  private static ServiceSpec spec(String name, ServiceSpec.Placement placement, Integer node, List<Integer> levels) {
    return new ServiceSpec(name, List.of("x"), null, levels, placement, node, null, null, null, null, 0);
  }

  private final ServiceCatalog catalog = ServiceCatalog.EMPTY
      .with(spec("any1", ServiceSpec.Placement.ANY, null, null), 1)
      .with(spec("any2", ServiceSpec.Placement.ANY, null, null), 1)
      .with(spec("every", ServiceSpec.Placement.EVERY, null, List.of(1, 3)), 1)
      .with(spec("pinned", ServiceSpec.Placement.NODE, 3, null), 1)
      .with(spec("single", ServiceSpec.Placement.ANY, null, List.of(1)), 1);

  @Test
  void eachPlacementAtItsLevels() {
    ServiceAssignment at3 = ServicePlan.assign(catalog, 3, List.of(1, 2, 3), null, 5);
    assertThat(at3.nodes()).containsEntry("every", List.of(1, 2, 3)).containsEntry("pinned", List.of(3))
        .doesNotContainKey("single");
    // "any" services spread over the nodes with the fewest services: 1 and 2 have one each.
    assertThat(at3.of("any1")).containsExactly(1);
    assertThat(at3.of("any2")).containsExactly(2);
    ServiceAssignment at1 = ServicePlan.assign(catalog, 1, List.of(1), at3, 6);
    assertThat(at1.nodes()).containsOnlyKeys("every", "single");
    assertThat(at1.of("single")).containsExactly(1);
  }

  @Test
  void anyServicesStayWhileTheirNodeRunsAndMoveWhenItDies() {
    ServiceAssignment before = new ServiceAssignment(Map.of("any1", List.of(3), "any2", List.of(1)), 3, 1);
    ServiceAssignment same = ServicePlan.assign(catalog, 3, List.of(1, 2, 3), before, 2);
    assertThat(same.of("any1")).containsExactly(3);
    assertThat(same.of("any2")).containsExactly(1);
    ServiceAssignment after = ServicePlan.assign(catalog, 3, List.of(2, 3), same, 3);
    assertThat(after.of("any1")).containsExactly(3);
    assertThat(after.of("any2")).containsExactly(2);
    assertThat(after.of("every")).containsExactly(2, 3);
  }

  @Test
  void withNoNodeRunningServicesArePlacedNowhere() {
    ServiceAssignment none = ServicePlan.assign(catalog, 3, List.of(), null, 1);
    assertThat(none.of("any1")).isEmpty();
    assertThat(none.of("pinned")).isEmpty();
    assertThat(none.nodes()).containsKeys("any1", "every", "pinned");
  }
}
