package io.unum.orchestrator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.placement.ExecPlacement.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exec-time placement: least demand per CPU, and a burst spreads before the reports catch up. */
class ExecPlacementTest {
  private final ExecPlacement placement = new ExecPlacement();

  @Test
  void theNodeWithTheLeastDemandPerCpuWins() {
    List<Candidate> nodes = List.of(
        new Candidate(1, 1, 2, 90, 40),
        new Candidate(2, 4, 2, 50, 40),    // 2 busy CPUs of 4
        new Candidate(3, 1, 1, 5, 30));    // one runnable on its one CPU
    assertThat(placement.choose(nodes, 0)).contains(2);
  }

  @Test
  void cpuUseCountsWhenItSaysMoreThanTheRunQueue() {
    List<Candidate> nodes = List.of(new Candidate(1, 1, 0, 100, 10), new Candidate(2, 1, 0, 10, 50));
    assertThat(placement.choose(nodes, 0)).contains(2);
  }

  @Test
  void aBurstIsSpreadAndPlacementsAreForgottenOnceReportsShowThem() {
    List<Candidate> idle = List.of(new Candidate(1, 1, 0, 0, 10), new Candidate(2, 1, 0, 0, 10),
        new Candidate(3, 2, 0, 0, 10));
    List<Integer> chosen = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      chosen.add(placement.choose(idle, 1_000).orElseThrow());
    }
    assertThat(chosen).as("node 3 has two CPUs: twice the share").filteredOn(n -> n == 3).hasSize(4);
    assertThat(chosen).filteredOn(n -> n == 1).hasSize(2);
    assertThat(chosen).filteredOn(n -> n == 2).hasSize(2);
    assertThat(placement.demandPerCpu(idle.get(0))).isEqualTo(2.0);
    placement.choose(List.of(), 1_000 + ExecPlacement.MEMORY_MILLIS + 1);
    assertThat(placement.demandPerCpu(idle.get(0))).as("forgotten after the memory").isZero();
  }

  @Test
  void anIdleNodeOnAnOverloadedHostLosesToABusierOneOnAQuietHost() {
    List<Candidate> nodes = List.of(new Candidate(1, 1, 0, 2, 10, 2.5), new Candidate(2, 1, 0, 50, 10, 0.3));
    assertThat(placement.choose(nodes, 0)).contains(2);
    List<Candidate> idle = List.of(new Candidate(1, 1, 0, 0, 10, 0.9), new Candidate(2, 1, 0, 0, 10, 0.2));
    assertThat(new ExecPlacement().choose(idle, 0)).as("equal nodes: the quieter host").contains(2);
  }

  @Test
  void noCandidateNoNode() {
    assertThat(placement.choose(List.of(), 0)).isEmpty();
  }
}
