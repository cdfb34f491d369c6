package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.boot.NodeConflictException;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryLoadStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad migrations are refused before a job starts, each with what is wrong. */
class MigrationTargetsTest {
  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final InMemoryLoadStore loads = new InMemoryLoadStore();
  private final MigrationTargets targets = new MigrationTargets(store, loads, () -> BalancerSettings.DEFAULT);

  private void host(String name, HostState state, long memoryMiB) {
    host(name, state, memoryMiB, true);
  }

  private void host(String name, HostState state, long memoryMiB, boolean tls) {
    store.updateHost(name, h -> new HostStatus(new HostInfo(name, 4, memoryMiB, "tcg", "test", "qemu:///system",
        "10.0.0." + name.charAt(name.length() - 1), "x:7070", "k", "i", 1, tls, null), "m-" + name, state, 1, 0));
  }

  @BeforeEach
  void cluster() {
    host("host-a", HostState.UP, 8192);
    host("host-b", HostState.UP, 8192);
    host("host-c", HostState.UP, 1024);
    host("host-d", HostState.DOWN, 8192);
    store.createSpec(NodeSpec.withDefaults(1).boundTo("host-a"));
    store.updateStatus(1, s -> NodeStatus.initial(1, NodeState.RUNNING, "host-a", "unum-node1", "10.213.0.2",
        "52:54:00:00:00:01", 1));
    store.createSpec(NodeSpec.withDefaults(2).withRunning(false).boundTo("host-b"));
  }

  @Test
  void withoutATargetTheBestOtherHostIsPicked() {
    assertThat(targets.choose(1, null)).isEqualTo("host-b");
    assertThat(targets.choose(1, "host-b")).isEqualTo("host-b");
  }

  @Test
  void withLoadsKnownTheHostLeastLoadedAfterTheMoveIsPicked() {
    host("host-e", HostState.UP, 8192);
    long now = System.currentTimeMillis();
    loads.put(new HostLoad("host-a", now, 2, 1, 0, 5, List.of(new NodeDemand(1, 1, 1, 1, 512, 100))));
    loads.put(new HostLoad("host-b", now, 2, 1.5, 1.5, 5, List.of())); // busy with something else
    loads.put(new HostLoad("host-e", now, 2, 0.1, 0.1, 5, List.of()));
    assertThat(targets.choose(1, null)).as("placement alone would say host-b (fewest nodes, most memory)")
        .isEqualTo("host-e");
    loads.put(new HostLoad("host-e", now, 2, 1.9, 1.9, 5, List.of()));
    assertThatThrownBy(() -> targets.choose(1, null)).hasMessageContaining("over the limit of 100%");
    assertThat(targets.evacuate("host-a")).as("a drain must empty the host: room alone decides then")
        .extracting(MigrationTargets.Move::to).containsExactly("host-b");
  }

  @Test
  void badTargetsAndNodesAreRefusedByName() {
    assertThatThrownBy(() -> targets.choose(1, "host-a")).hasMessage("node 1 already runs on host-a");
    assertThatThrownBy(() -> targets.choose(1, "host-x")).hasMessageContaining("no host 'host-x'");
    assertThatThrownBy(() -> targets.choose(1, "host-d")).hasMessageContaining("host-d is not up");
    assertThatThrownBy(() -> targets.choose(1, "host-c")).hasMessageContaining("MiB free");
    store.setMaintenance("host-b", "disk swap");
    assertThatThrownBy(() -> targets.choose(1, "host-b")).hasMessageContaining("maintenance (disk swap)");
    assertThatThrownBy(() -> targets.choose(2, null)).isInstanceOf(NodeConflictException.class)
        .hasMessageContaining("only a running node can migrate");
    store.updateSpec(1, s -> s.migratingTo("host-b"));
    assertThatThrownBy(() -> targets.choose(1, null)).isInstanceOf(NodeConflictException.class)
        .hasMessageContaining("already migrating to host-b");
  }

  @Test
  void bothHostsNeedTheCertificatesAndHostsWithoutThemAreNoDestination() {
    host("host-b", HostState.UP, 8192, false);
    assertThatThrownBy(() -> targets.choose(1, "host-b")).as("TLS is the only transport")
        .hasMessageContaining("node 1 cannot migrate over tls: host-b has no certificates")
        .hasMessageContaining("unum tls setup");
    host("host-e", HostState.UP, 8192);
    assertThat(targets.choose(1, null)).as("host-b would have most room").isEqualTo("host-e");
    assertThat(targets.evacuate("host-a")).extracting(MigrationTargets.Move::to).containsExactly("host-e");
    host("host-a", HostState.UP, 8192, false);
    assertThatThrownBy(() -> targets.choose(1, "host-e")).hasMessageContaining("host-a has no certificates");
    assertThat(targets.evacuate("host-a")).extracting(MigrationTargets.Move::refusal)
        .allMatch(r -> r.startsWith("host-a has no certificates"));
  }
}
