package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryLeaseStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostRecoveryTest {
  private static final long SECOND = 1_000_000_000L;
  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private final MemoryEventLog events = new MemoryEventLog();
  private final AtomicLong epoch = new AtomicLong(1);
  private final AtomicLong clock = new AtomicLong(0);
  private final HostRecovery recovery = new HostRecovery("a", store, store, leases, epoch::get, events, clock::get);

  @BeforeEach
  void cluster() {
    for (String host : List.of("a", "b", "c")) {
      HostInfo info = new HostInfo(host, 2, 8192, "tcg", "test", "qemu:///system", "10.0.0.1", host + ":7070", "k",
          "i", 0, true, null);
      store.updateHost(host, h -> new HostStatus(info, "member-" + host, HostState.UP, 0, 0));
    }
    node(1, "b", "");
    node(2, "b", "b");
    node(3, "c", "");
    // Renewed once each for the term (a counter never written may stand for a restart's grace).
    leases.compareAndSet("b", 0, 2);
    leases.compareAndSet("c", 0, 2);
  }

  private void node(int node, String host, String pinned) {
    store.createSpec(NodeSpec.withDefaults(node).boundTo(host).pinnedTo(pinned));
    store.updateStatus(node, s -> NodeStatus.initial(node, NodeState.RUNNING, host, "unum-node" + node,
        "10.213.0." + node, "52:54:00:00:00:0" + node, 0));
  }

  /** A pass every second for {@code seconds}, host c renewing its lease all along and b silent. */
  private void passes(int seconds) {
    for (int i = 0; i < seconds; i++) {
      renew("c");
      recovery.pass();
      clock.addAndGet(SECOND);
    }
  }

  private void renew(String host) {
    leases.compareAndSet(host, leases.value(host), LeaseCounter.renewal(leases.value(host)));
  }

  private String host(int node) {
    return store.spec(node).orElseThrow().host();
  }

  @Test
  void aSilentHostsNodesRestartElsewhereOnlyAfterItsTermAndTheMargin() {
    passes((int) FenceTimes.revokeAfter().toSeconds());
    assertThat(leases.value("b")).as("not yet revoked").isEqualTo(2);
    assertThat(host(1)).isEqualTo("b");
    passes(1);
    assertThat(leases.value("b")).as("revoked").isNegative();
    assertThat(store.hosts()).filteredOn(h -> h.name().equals("b")).extracting(HostStatus::state)
        .containsExactly(HostState.DOWN);
    assertThat(host(1)).isIn("a", "c");
    NodeStatus restarting = store.status(1).orElseThrow();
    assertThat(restarting.state()).isEqualTo(NodeState.DEFINED);
    assertThat(restarting.host()).isEqualTo(host(1));
    long revokedAfter = FenceTimes.revokeAfter().toSeconds();
    assertThat(restarting.error()).contains("host b was fenced after " + revokedAfter + " s");
    assertThat(restarting.ip()).as("its address stays its own").isEqualTo("10.213.0.1");
    assertThat(host(3)).as("a live host's node stays").isEqualTo("c");
    Event recovered = events.all().stream().filter(e -> e.type().equals("node.recovered")).findFirst().orElseThrow();
    assertThat(recovered.data()).containsEntry("node", 1).containsEntry("from", "b").containsEntry("to", host(1))
        .containsEntry("silentSeconds", revokedAfter);
    assertThat(events.types()).contains("host.fenced");
  }

  @Test
  void aFailedNodeOfAFencedHostStaysFailedWhereItIs() {
    node(4, "b", "");
    store.updateStatus(4, s -> s.failed("the node stopped unexpectedly", List.of(), 1));
    passes((int) FenceTimes.revokeAfter().toSeconds() + 1);
    assertThat(leases.value("b")).as("revoked for node 1").isNegative();
    assertThat(host(1)).isIn("a", "c");
    assertThat(host(4)).as("a failed node waits for someone to start it, whoever leads").isEqualTo("b");
    assertThat(store.status(4).orElseThrow().state()).isEqualTo(NodeState.FAILED);
  }

  @Test
  void aHostThatPartedForARestartHasTheGrace() {
    leases.compareAndSet("b", 2, LeaseCounter.parting(2));
    long grace = FenceTimes.RESTART_GRACE.plus(FenceTimes.MARGIN).toSeconds();
    passes((int) grace);
    assertThat(leases.value("b")).as("within the grace").isEqualTo(5);
    passes(1);
    assertThat(leases.value("b")).isNegative();
  }

  @Test
  void aCounterNeverWrittenInThisGroupHasTheGraceToo() {
    leases.compareAndSet("b", 2, 0); // as after a full restart of the CP group
    passes((int) FenceTimes.RESTART_GRACE.plus(FenceTimes.MARGIN).toSeconds());
    assertThat(leases.value("b")).isZero();
    passes(1);
    assertThat(leases.value("b")).isNegative();
  }

  @Test
  void aNodePinnedToTheLostHostWaitsForItAndSaysWhy() {
    passes(66);
    assertThat(host(2)).isEqualTo("b");
    NodeStatus waiting = store.status(2).orElseThrow();
    assertThat(waiting.state()).isEqualTo(NodeState.DEFINED);
    assertThat(waiting.error()).contains("pinned to host b").contains("starts again when b is back");
  }

  @Test
  void aHostThatRenewsIsNeverRevoked() {
    for (int i = 0; i < 200; i++) {
      renew("b");
      passes(1);
    }
    assertThat(leases.value("b")).isPositive();
    assertThat(host(1)).isEqualTo("b");
  }

  @Test
  void onlyALeaderRevokesButEveryMemberWatches() {
    epoch.set(LeaderStamp.NONE);
    passes(70);
    assertThat(leases.value("b")).isEqualTo(2);
    epoch.set(1);
    passes(1);
    assertThat(leases.value("b")).as("the new leader already saw 70 s of silence").isNegative();
  }

  @Test
  void aHostWithoutNodesIsLeftAlone() {
    store.updateSpec(1, s -> s.boundTo("c"));
    store.updateSpec(2, s -> s.withRunning(false));
    passes(100);
    assertThat(leases.value("b")).isEqualTo(2);
  }

  @Test
  void oneHostWhoseLeaseCannotBeReadHoldsUpNoOther() {
    leases.unreadable.add("c");
    for (int i = 0; i <= FenceTimes.revokeAfter().toSeconds(); i++) {
      recovery.pass();
      clock.addAndGet(SECOND);
    }
    assertThat(leases.value("b")).isNegative();
    assertThat(host(1)).isNotEqualTo("b");
  }

  @Test
  void nothingMovesWhileTheMajorityDoesNotAnswer() {
    passes(5);
    leases.unavailable = true;
    for (int i = 0; i < 100; i++) {
      recovery.pass();
      clock.addAndGet(SECOND);
    }
    assertThat(host(1)).isEqualTo("b");
  }
}
