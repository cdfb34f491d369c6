package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.placement.HostCapacity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost model: spreads a hot host, leaves a balanced cluster alone, never overloads. */
class BalancerTest {
  private static final BalancerSettings SETTINGS = BalancerSettings.DEFAULT;

  /** A 1.2-core, 8 GiB host running these nodes (512 MiB, 1 vCPU each), wanting {@code demand} each. */
  private static Balancer.Host host(String name, double other, double... demand) {
    HostCapacity room = new HostCapacity(name, true, 2, 8192, 0, 0, 0);
    for (double ignored : demand) {
      room = room.plus(1, 512);
    }
    double total = other;
    for (double d : demand) {
      total += d;
    }
    return new Balancer.Host(name, 1.2, total, room);
  }

  private static List<Balancer.Candidate> nodes(String host, int first, double... demand) {
    List<Balancer.Candidate> nodes = new ArrayList<>();
    for (int i = 0; i < demand.length; i++) {
      nodes.add(new Balancer.Candidate(NodeSpec.withDefaults(first + i).boundTo(host), demand[i]));
    }
    return nodes;
  }

  @Test
  void fourBurnersOnOneHostAreSpreadOverTheOthersInOneRound() {
    List<Balancer.Candidate> nodes = nodes("a", 1, 1.0, 1.0, 1.0, 1.0);
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1, 1, 1), host("b", 0.1), host("c", 0.1)),
        nodes, SETTINGS, 4, Map.of());

    assertThat(plan.moves()).hasSize(2);
    assertThat(plan.moves()).extracting(Balancer.Move::to).containsExactlyInAnyOrder("b", "c");
    assertThat(plan.predictedImbalancePercent()).isLessThan(plan.imbalancePercent() / 3);
    assertThat(plan.moves().get(0).reason()).contains("a is at").contains("imbalance");
  }

  @Test
  void aClusterAsBalancedAsItCanBeSeesNoMove() {
    List<Balancer.Candidate> nodes = new ArrayList<>(nodes("a", 1, 1.0, 1.0));
    nodes.addAll(nodes("b", 3, 1.0));
    nodes.addAll(nodes("c", 4, 1.0));
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1), host("b", 0.1, 1), host("c", 0.1, 1)),
        nodes, SETTINGS, 4, Map.of());

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.verdict()).contains("over the threshold").contains("limit of 100%");
  }

  @Test
  void idleNodesAreNotWorthMoving() {
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.05, 0.05, 0.05, 0.05), host("b", 0.05)),
        nodes("a", 1, 0.05, 0.05, 0.05), SETTINGS, 4, Map.of());

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.verdict()).startsWith("balanced");
  }

  @Test
  void aMoveThatWouldOverloadItsDestinationIsRefused() {
    // b already wants 1.0 of its 1.2 cores: one more burner would make it 183%.
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1, 1), host("b", 0.0, 1.0)),
        nodes("a", 1, 1.0, 1.0, 1.0), SETTINGS, 4, Map.of());

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.verdict()).contains("would push b's CPU to 167%");
  }

  @Test
  void aHostWithoutMemoryForTheNodeIsNoDestination() {
    HostCapacity full = new HostCapacity("b", true, 2, 1536, 0, 0, 0); // 512 MiB free after the reserve
    full = full.plus(1, 512);
    Balancer.Host b = new Balancer.Host("b", 1.2, 0.05, full);
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1), b), nodes("a", 1, 1.0, 1.0), SETTINGS, 4,
        Map.of());

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.verdict()).contains("MiB free");
  }

  @Test
  void aSourceSendsAtMostTwoAtOnceCountingThoseUnderWay() {
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1, 1, 1), host("b", 0.1), host("c", 0.1),
        host("d", 0.1)), nodes("a", 1, 1.0, 1.0, 1.0, 1.0), SETTINGS, 4, Map.of("a", 1));

    assertThat(plan.moves()).hasSize(1);
  }

  @Test
  void theMoveCountIsCappedByTheSlotsLeft() {
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0.1, 1, 1, 1, 1), host("b", 0.1), host("c", 0.1)),
        nodes("a", 1, 1.0, 1.0, 1.0, 1.0), SETTINGS, 1, Map.of());

    assertThat(plan.moves()).hasSize(1);
  }

  @Test
  void twoHotHostsBothShedToTheColdOne() {
    List<Balancer.Candidate> nodes = new ArrayList<>(nodes("a", 1, 0.5, 0.5));
    nodes.addAll(nodes("b", 3, 0.5, 0.5));
    Balancer.Plan plan = Balancer.plan(List.of(host("a", 0, 0.5, 0.5), host("b", 0, 0.5, 0.5), host("c", 0)),
        nodes, SETTINGS, 4, Map.of());

    assertThat(plan.moves()).extracting(Balancer.Move::to).containsOnly("c");
    assertThat(plan.moves()).hasSize(1); // a second would make c the hot one: no gain
  }
}
