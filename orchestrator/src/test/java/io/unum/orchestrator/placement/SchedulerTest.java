package io.unum.orchestrator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final ClusterStore store = new InMemoryClusterStore();
  private final AtomicLong epoch = new AtomicLong(1);
  private final Scheduler scheduler = new Scheduler(store, epoch::get);

  private void host(String name, HostState state) {
    HostInfo info = new HostInfo(name, 2, 8192, "tcg", "test", "qemu:///system", "10.0.0.1",
        name + ":7070", "k", "i", 0, true, null);
    store.updateHost(name, h -> new HostStatus(info, "member-" + name, state, 0, 0));
  }

  private Map<Integer, String> placement() {
    return store.specs().stream().collect(Collectors.toMap(NodeSpec::node, NodeSpec::host));
  }

  @Test
  void spreadsNodesOverTheHostsThatAreUpAndBindsEachOnce() {
    host("a", HostState.UP);
    host("b", HostState.UP);
    host("c", HostState.UP);
    host("d", HostState.DOWN);
    for (int node = 1; node <= 6; node++) {
      store.createSpec(NodeSpec.withDefaults(node));
    }
    assertThat(scheduler.pass()).isEqualTo(6);
    assertThat(scheduler.pass()).as("a second pass changes nothing").isZero();
    Map<String, Long> perHost = placement().values().stream()
        .collect(Collectors.groupingBy(h -> h, Collectors.counting()));
    assertThat(perHost).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
  }

  @Test
  void aNodeKnownDownOnAHostThatIsNotUpIsPlacedAnewButNotOneThatMayStillRun() {
    host("a", HostState.UP);
    host("b", HostState.DOWN);
    store.createSpec(NodeSpec.withDefaults(1).boundTo("b"));
    store.updateStatus(1, s -> NodeStatus.initial(1, NodeState.STOPPED, "b", "d", null, null, 1));
    store.createSpec(NodeSpec.withDefaults(2).boundTo("b"));
    store.updateStatus(2, s -> NodeStatus.initial(2, NodeState.BOOTING, "b", "d", null, null, 1).booting(1)
        .running(null, 2));
    store.createSpec(NodeSpec.withDefaults(3).pinnedTo("b").boundTo("b"));
    store.updateStatus(3, s -> NodeStatus.initial(3, NodeState.STOPPED, "b", "d", null, null, 1));
    assertThat(scheduler.pass()).isEqualTo(1);
    assertThat(placement()).containsEntry(1, "a")
        .as("running as far as anyone knows: its host may only be silent").containsEntry(2, "b")
        .as("pinned: it can run nowhere else").containsEntry(3, "b");
  }

  @Test
  void aSuspectHostKeepsItsNodesAndTakesNoNewOnes() {
    host("a", HostState.UP);
    host("b", HostState.SUSPECT);
    store.createSpec(NodeSpec.withDefaults(1).boundTo("b"));
    store.updateStatus(1, s -> NodeStatus.initial(1, NodeState.STOPPED, "b", "d", null, null, 1));
    for (int node = 2; node <= 3; node++) {
      store.createSpec(NodeSpec.withDefaults(node));
    }
    assertThat(scheduler.pass()).isEqualTo(2);
    assertThat(placement()).as("a suspect host may only be busy: its node is not released")
        .containsEntry(1, "b").containsEntry(2, "a").containsEntry(3, "a");
  }

  @Test
  void aNodeKnownDownOnAHostThatLeftIsPlacedAnew() {
    host("a", HostState.UP);
    host("b", HostState.LEFT);
    store.createSpec(NodeSpec.withDefaults(1).boundTo("b"));
    store.updateStatus(1, s -> NodeStatus.initial(1, NodeState.STOPPED, "b", "d", null, null, 1));
    assertThat(scheduler.pass()).isEqualTo(1);
    assertThat(placement()).containsEntry(1, "a");
  }

  @Test
  void aNodeWithoutAnyStatusOnAHostThatLeftIsNotPlacedAnew() {
    // Every host restarted: statuses are gone, and this node's host has not registered again yet.
    host("a", HostState.UP);
    host("b", HostState.LEFT);
    store.createSpec(NodeSpec.withDefaults(1).boundTo("b"));
    assertThat(scheduler.pass()).isZero();
    assertThat(placement()).as("nobody knows it is down: it may run on b").containsEntry(1, "b");
  }

  @Test
  void aLeaderMeetingAStampFromBeforeAResetOvertakesItAndPlacesAtTheNextPass() {
    // The CP subsystem was reset: its counter starts again, and this leader took epoch 1, while
    // node 1's spec still carries epoch 7 of a leader before the reset.
    AtomicLong counter = new AtomicLong(1);
    LeaderTerm term = new LeaderTerm() {
      @Override
      public long epoch() {
        return counter.get();
      }

      @Override
      public boolean overtake(long stamp) {
        counter.set(stamp + 1);
        return true;
      }
    };
    Scheduler afterReset = new Scheduler(store, term);
    host("a", HostState.UP);
    store.createSpec(NodeSpec.withDefaults(1));
    store.updateSpec(1, 7, s -> s.withLabels(Map.of("tier", "web")));
    assertThat(afterReset.pass()).as("refused by the record").isZero();
    assertThat(counter.get()).as("the term moved past the record's stamp").isEqualTo(8);
    assertThat(afterReset.pass()).isEqualTo(1);
    assertThat(store.spec(1).orElseThrow().host()).isEqualTo("a");
  }

  @Test
  void aDeposedLeaderBindsNothingOnceANewerLeaderWroteTheSpec() {
    host("a", HostState.UP);
    store.createSpec(NodeSpec.withDefaults(1));
    store.createSpec(NodeSpec.withDefaults(2));
    // Leader 2 has written node 1's spec (it stopped and started it again).
    store.updateSpec(1, 2, s -> s.withRunning(false));
    store.updateSpec(1, 2, s -> s.withRunning(true));
    epoch.set(1);
    assertThat(scheduler.pass()).isZero();
    assertThat(placement().values()).as("the pass stops at the first refusal").containsOnly("");
    epoch.set(2);
    assertThat(scheduler.pass()).isEqualTo(2);
    assertThat(store.spec(1).orElseThrow().host()).isEqualTo("a");
  }

  @Test
  void onlyTheLeaderPlaces() {
    host("a", HostState.UP);
    store.createSpec(NodeSpec.withDefaults(1));
    epoch.set(LeaderStamp.NONE);
    assertThat(scheduler.pass()).isZero();
    assertThat(store.spec(1).orElseThrow().isBound()).isFalse();
  }

  @Test
  void aNodeThatFitsNowhereSaysWhyInItsStatus() {
    host("a", HostState.UP);
    store.createSpec(NodeSpec.withDefaults(1).pinnedTo("b"));
    scheduler.pass();
    assertThat(store.status(1).orElseThrow().error()).contains("pinned to host b");
  }

  @Test
  void stoppedNodesAreNotPlaced() {
    host("a", HostState.UP);
    store.createSpec(NodeSpec.withDefaults(1).withRunning(false));
    assertThat(scheduler.pass()).isZero();
  }
}
