package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.migration.MigrationProgress;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryLoadStore;
import io.unum.orchestrator.testing.InMemoryMigrationStore;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's loop around the cost model: hold, modes, cooldown, migrations under way. */
class LoadBalancerTest {
  private static final long T0 = 1_000_000;
  private final InMemoryClusterStore cluster = new InMemoryClusterStore();
  private final InMemoryLoadStore loads = new InMemoryLoadStore();
  private final InMemoryMigrationStore migrations = new InMemoryMigrationStore();
  private final InMemoryValue<BalancerSettings> settings = new InMemoryValue<>();
  private final InMemoryValue<BalancerReport> report = new InMemoryValue<>();
  private final MemoryEventLog events = new MemoryEventLog();
  private final List<String> submitted = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private final Set<Integer> busy = new HashSet<>();
  private boolean refusing;
  private long now = T0;
  private final LoadBalancer balancer = new LoadBalancer("a", cluster, loads, migrations, settings, report,
      busy::contains, (node, to) -> {
        if (refusing) {
          refused.add(node + "->" + to);
          throw new IllegalArgumentException(to + " has no certificates for migration over TLS");
        }
        submitted.add(node + "->" + to);
        return "j-" + node;
      }, events, () -> 1, () -> now);

  @BeforeEach
  void fourBurnersOnHostA() {
    for (String host : List.of("a", "b", "c")) {
      cluster.updateHost(host, s -> new HostStatus(new HostInfo(host, 2, 8192, "tcg", "", "", "10.0.0.1", "", "", "",
          0, true, null), "m-" + host, HostState.UP, 0, 0));
    }
    for (int node = 1; node <= 4; node++) {
      int n = node;
      cluster.createSpec(NodeSpec.withDefaults(n).boundTo("a"));
      cluster.updateStatus(n, s -> NodeStatus.initial(n, NodeState.RUNNING, "a", "unum-node" + n, "", "", 0));
    }
    sample();
    mode(BalancerMode.AUTOMATIC);
  }

  private void sample() {
    List<NodeDemand> burners = new ArrayList<>();
    for (NodeSpec spec : cluster.specs()) {
      if (spec.host().equals("a")) {
        burners.add(new NodeDemand(spec.node(), 1, 0.3, 1.0, 512, 100));
      }
    }
    loads.put(new HostLoad("a", now, 1.2, 1.2, 0.1, 5, burners));
    loads.put(new HostLoad("b", now, 1.2, 0.05, 0.05, 5, List.of()));
    loads.put(new HostLoad("c", now, 1.2, 0.05, 0.05, 5, List.of()));
  }

  private void mode(BalancerMode mode) {
    BalancerSettings current = settings.get().orElse(null);
    settings.replace(current, new BalancerChange(mode, null, null, null, null, null, null, null, null, null, null)
        .applyTo(current == null ? BalancerSettings.DEFAULT : current));
  }

  private String state() {
    return report.get().orElseThrow().state();
  }

  private void at(long millis) {
    now = T0 + millis;
    sample();
    balancer.pass();
  }

  @Test
  void anImbalanceThatLastsItsHoldMovesNodesOnceWithReasons() {
    at(0);
    assertThat(state()).startsWith("holding");
    at(2000);
    assertThat(submitted).as("still within the hold").isEmpty();
    at(3100);
    assertThat(submitted).hasSize(2);
    assertThat(submitted).extracting(m -> m.substring(m.indexOf('>') + 1)).containsExactlyInAnyOrder("b", "c");
    BalancerDecision decision = report.get().orElseThrow().decisions().get(0);
    assertThat(decision.job()).startsWith("j-");
    assertThat(decision.loadsBefore().get("a")).isGreaterThan(decision.loadsAfter().get("a"));
    assertThat(events.types()).containsOnly("balancer.decision");
  }

  @Test
  void aMoveRefusedWhenSubmittedIsNotAskedAgainUntilTheBackOffEnds() {
    refusing = true;
    at(0);
    at(3100);
    assertThat(refused).hasSize(2);
    assertThat(report.get().orElseThrow().decisions().get(0).error()).contains("no certificates");
    for (long t = 4100; t <= 120_000; t += 1000) {
      at(t);
    }
    assertThat(refused).as("the other two were tried in their stead, each node once")
        .containsExactlyInAnyOrder("1->b", "2->c", "3->b", "4->c");
    refusing = false;
    for (long t = LoadBalancer.FAILED_BACKOFF_MILLIS; t <= LoadBalancer.FAILED_BACKOFF_MILLIS + 10_000; t += 1000) {
      at(t);
    }
    assertThat(submitted).as("tried again after the back-off").isNotEmpty();
  }

  @Test
  void recommendReportsEachDistinctPlanOnceAndMovesNothing() {
    mode(BalancerMode.RECOMMEND);
    at(0);
    at(3100);
    at(4100);
    assertThat(submitted).isEmpty();
    assertThat(report.get().orElseThrow().decisions()).hasSize(2);
    assertThat(events.types()).containsExactly("balancer.recommendation", "balancer.recommendation");
  }

  @Test
  void offDecidesNothingButStillShowsTheLoads() {
    mode(BalancerMode.OFF);
    at(0);
    at(5000);
    assertThat(submitted).isEmpty();
    assertThat(state()).startsWith("off; imbalance");
    assertThat(report.get().orElseThrow().hosts()).hasSize(3);
  }

  @Test
  void nodesThatMovedRecentlyOrHaveAJobStayAndMigrationsUnderWayPauseIt() {
    for (int node = 1; node <= 3; node++) {
      migrations.put(MigrationProgress.begun(node, "b", "a", T0 - 10_000).succeeded(T0 - 9_000));
    }
    busy.add(4);
    at(0);
    at(3100);
    assertThat(submitted).isEmpty();
    assertThat(state()).contains("no node may move now");

    busy.clear();
    cluster.updateSpec(4, s -> s.migratingTo("b"));
    at(4000);
    assertThat(state()).startsWith("waiting: 1 migration under way");
  }

  @Test
  void aNodeWhoseMoveFailedIsNotTriedAgainSoon() {
    mode(BalancerMode.AUTOMATIC);
    for (int node = 1; node <= 4; node++) {
      migrations.put(MigrationProgress.begun(node, "a", "b", T0 - 200_000).failed("refused", T0 - 199_000));
    }
    at(0);
    at(3100);
    assertThat(submitted).as("well past the cooldown, within the back-off after a failure").isEmpty();
    at(LoadBalancer.FAILED_BACKOFF_MILLIS);
    at(LoadBalancer.FAILED_BACKOFF_MILLIS + 3100);
    assertThat(submitted).hasSize(2);
  }

  @Test
  void aClusterChangingItsRunLevelIsLeftAlone() {
    busy.add(0);
    at(0);
    at(5000);
    assertThat(submitted).isEmpty();
    assertThat(state()).isEqualTo("waiting: the cluster is changing its run level");
  }
}
