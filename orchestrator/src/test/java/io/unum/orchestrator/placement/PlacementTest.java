package io.unum.orchestrator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private static HostCapacity host(String name, int nodes) {
    return new HostCapacity(name, true, 2, 8192, nodes, nodes, nodes * 512L);
  }

  @Test
  void spreadsNodesOverTheLeastLoadedHost() {
    assertThat(Placement.place(NodeSpec.withDefaults(1), List.of(host("a", 2), host("b", 1), host("c", 2))).host())
        .isEqualTo("b");
  }

  @Test
  void tiesGoToTheHostWithMoreFreeMemoryThenByName() {
    HostCapacity big = new HostCapacity("z", true, 2, 16384, 1, 1, 512);
    assertThat(Placement.place(NodeSpec.withDefaults(1), List.of(host("a", 1), big)).host()).isEqualTo("z");
    assertThat(Placement.place(NodeSpec.withDefaults(1), List.of(host("b", 0), host("a", 0))).host()).isEqualTo("a");
  }

  @Test
  void aHostThatIsDownOrFullIsSkippedAndTheReasonNamesIt() {
    HostCapacity down = new HostCapacity("a", false, 2, 8192, 0, 0, 0);
    HostCapacity full = new HostCapacity("b", true, 2, 2048, 2, 2, 1024);
    Placement.Decision decision = Placement.place(NodeSpec.withDefaults(1), List.of(down, full));
    assertThat(decision.placed()).isFalse();
    assertThat(decision.reason()).contains("a is not up").contains("b has 0 MiB free, the node needs 512");
  }

  @Test
  void aDegradedHostGetsNoNodeAndTheReasonSaysWhy() {
    HostCapacity degraded = new HostCapacity("a", true, 2, 65536, 0, 0, 0, null, "libvirt did not answer within 10 s");
    Placement.Decision decision = Placement.place(NodeSpec.withDefaults(1), List.of(degraded));
    assertThat(decision.placed()).isFalse();
    assertThat(decision.reason()).contains("a is degraded (libvirt did not answer within 10 s)");
    assertThat(Placement.place(NodeSpec.withDefaults(1), List.of(degraded, host("b", 3))).host()).isEqualTo("b");
  }

  @Test
  void virtualCpusAreOvercommittedOnlySoFar() {
    HostCapacity busy = new HostCapacity("a", true, 2, 65536, 8, 8, 4096);
    Placement.Decision decision = Placement.place(NodeSpec.withDefaults(1), List.of(busy));
    assertThat(decision.reason()).contains("0 virtual CPUs free");
  }

  @Test
  void aPinnedNodeGoesToItsHostOrNowhere() {
    NodeSpec pinned = NodeSpec.withDefaults(1).pinnedTo("c");
    assertThat(Placement.place(pinned, List.of(host("a", 0), host("c", 5))).host()).isEqualTo("c");
    assertThat(Placement.place(pinned, List.of(host("a", 0))).reason())
        .isEqualTo("pinned to host c, which is not in the cluster");
  }
}
