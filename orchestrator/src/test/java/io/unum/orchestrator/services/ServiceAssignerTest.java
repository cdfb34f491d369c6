package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryServiceInstanceStore;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The leader's service pass: places services, and a deposed leader never replaces its successor's assignment. */
class ServiceAssignerTest {
  private final InMemoryClusterStore cluster = new InMemoryClusterStore();
  private final InMemoryValue<ServiceCatalog> catalog = new InMemoryValue<>();
  private final InMemoryValue<ServiceAssignment> assignment = new InMemoryValue<>();
  private final MemoryEventLog events = new MemoryEventLog();
  private final AtomicLong epoch = new AtomicLong(1);
  private final ServiceAssigner assigner = new ServiceAssigner(catalog, assignment, new InMemoryServiceInstanceStore(),
      cluster, () -> 3, events, epoch::get);

  ServiceAssignerTest() {
    catalog.replace(null, ServiceCatalog.EMPTY.with(
        new ServiceSpec("web", List.of("x"), null, null, ServiceSpec.Placement.ANY, null, null, null, null, null, 0), 1));
  }

  private void running(int node) {
    cluster.createSpec(NodeSpec.withDefaults(node));
    cluster.updateStatus(node, s -> NodeStatus.initial(node, NodeState.BOOTING, "h", "d", null, null, 1)
        .booting(1).running(null, 2));
  }

  @Test
  void onlyTheLeaderPlaces() {
    running(1);
    epoch.set(LeaderStamp.NONE);
    assigner.pass();
    assertThat(assignment.get()).isEmpty();
    epoch.set(1);
    assigner.pass();
    assertThat(assignment.get().orElseThrow().of("web")).containsExactly(1);
    assertThat(events.types()).containsExactly("service.placed");
  }

  @Test
  void aNewLeaderClaimsTheAssignmentSoTheDeposedOneCannotMoveIt() {
    running(1);
    running(2);
    assigner.pass();
    assertThat(assignment.get().orElseThrow().of("web")).containsExactly(1);
    epoch.set(2);
    assigner.pass();
    assertThat(assignment.get().orElseThrow().leaderEpoch()).as("claimed, unchanged").isEqualTo(2);
    assertThat(assignment.get().orElseThrow().of("web")).containsExactly(1);

    cluster.updateStatus(1, s -> s.failed("destroyed", List.of(), 3));
    epoch.set(1);
    assigner.pass();
    assertThat(assignment.get().orElseThrow().of("web")).as("the deposed leader moves nothing").containsExactly(1);
    epoch.set(2);
    assigner.pass();
    assertThat(assignment.get().orElseThrow().of("web")).containsExactly(2);
    assertThat(events.types()).as("a claim is not a move").containsExactly("service.placed", "service.placed");
  }
}
