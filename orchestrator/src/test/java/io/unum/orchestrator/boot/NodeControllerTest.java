package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.processes.ProcessRecorder;
import io.unum.orchestrator.testing.Await;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.hypervisor.PowerState;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile rules against a fake hypervisor; real guests are in the integration tests. */
class NodeControllerTest {
  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final FakeHypervisor hypervisor = new FakeHypervisor();
  /** What the controller said of this host's health: a reason while degraded, null once well again. */
  private final List<String> degraded = new ArrayList<>();
  private final AtomicBoolean lease = new AtomicBoolean(true);
  private final AtomicLong lapses = new AtomicLong();
  private final MemoryEventLog events = new MemoryEventLog();
  private final InMemoryProcessStore processTable = new InMemoryProcessStore();
  private NodeController controller;
  private NodePaths paths;

  @BeforeEach
  void setUp() {
    paths = new NodePaths(dir.resolve("nodes"));
    BootConfig config = new BootConfig("host-a", dir.resolve("bzImage"), dir.resolve("base.raw"),
        new Accel(Accel.Kind.TCG, "test"), "unum0", 0, new NodeAddressing("10.213.0.0/24"),
        PidSpace.DEFAULT, Duration.ofMillis(500), paths);
    controller = new NodeController(config, store, hypervisor, (overlay, base) -> { }, () -> { },
        new ProcessRecorder(processTable, new io.unum.orchestrator.testing.MemoryEventLog(),
            PidSpace.DEFAULT),
        new io.unum.orchestrator.services.ServiceRecorder(new io.unum.orchestrator.testing.InMemoryServiceInstanceStore(),
            new io.unum.orchestrator.testing.InMemoryServiceLogs(), new io.unum.orchestrator.testing.MemoryEventLog(),
            new io.unum.orchestrator.testing.InMemoryValue<>()), degraded::add, new LeaseGate(lease::get, true, lapses::get), events);
  }

  @AfterEach
  void tearDown() {
    controller.close();
  }

  /** A node bound to this controller's host. */
  private static NodeSpec here(int node) {
    return NodeSpec.withDefaults(node).boundTo("host-a");
  }

  private NodeState state(int node) {
    return store.status(node).map(NodeStatus::state).orElse(null);
  }

  @Test
  void aFailingHypervisorMakesTheHostDegradedUntilAPassWorksAgain() {
    hypervisor.failing = "cannot list domains: libvirt at fake:/// did not answer within 10 s";
    controller.reconcileSafely();
    controller.reconcileSafely();
    assertThat(degraded).containsExactly(hypervisor.failing, hypervisor.failing);
    hypervisor.failing = null;
    controller.reconcileSafely();
    controller.reconcileSafely();
    assertThat(degraded).hasSize(3).last().isNull();
  }

  @Test
  void reconcilingTwiceStartsEachNodeOnce() throws Exception {
    store.createSpec(here(1));
    store.createSpec(here(2));
    controller.reconcile();
    Await.until("nodes 1 and 2 started", Duration.ofSeconds(5),
        () -> hypervisor.startsOf("unum-node1") == 1 && hypervisor.startsOf("unum-node2") == 1);
    controller.reconcile();
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node1")).isEqualTo(1);
    assertThat(hypervisor.startsOf("unum-node2")).isEqualTo(1);
    assertThat(state(1)).isEqualTo(NodeState.BOOTING);
    assertThat(store.status(2).orElseThrow().ip()).isEqualTo("10.213.0.2");
  }

  @Test
  void aHostWithoutItsLeaseStartsNothingUntilItHoldsItAgain() throws Exception {
    lease.set(false);
    store.createSpec(here(1));
    controller.reconcile();
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node1")).isZero();
    assertThat(state(1)).isNotEqualTo(NodeState.BOOTING);
    lease.set(true);
    controller.reconcile();
    Await.until("node 1 started once the lease is held", Duration.ofSeconds(5),
        () -> hypervisor.startsOf("unum-node1") == 1);
  }

  @Test
  void aColdStartBeginsANewConsoleAndKeepsTheOneBefore() throws Exception {
    Files.createDirectories(paths.diskDir(1));
    Files.writeString(paths.console(1), "the boot before\nKernel panic - not syncing: Attempted to kill init!\n");
    store.createSpec(here(1));
    controller.reconcile();
    Await.until("node 1 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node1") == 1);
    assertThat(paths.console(1)).doesNotExist(); // QEMU makes it, and appends to it wherever the node moves
    assertThat(paths.previousConsole(1)).hasContent("the boot before\nKernel panic - not syncing: Attempted to kill init!");
  }

  @Test
  void aDomainThatStopsDuringBootFailsWithItsConsoleTail() throws Exception {
    store.createSpec(here(3));
    controller.reconcile();
    Await.until("node 3 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node3") == 1);
    Files.writeString(paths.console(3), "booting\nKernel panic - not syncing: No working init found\n");
    hypervisor.destroy("unum-node3");
    // The start may still be finishing on the starter thread; the next passes see the stop.
    Await.until("node 3 failed", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return state(3) == NodeState.FAILED;
    });
    NodeStatus failed = store.status(3).orElseThrow();
    assertThat(failed.state()).isEqualTo(NodeState.FAILED);
    assertThat(failed.error()).contains("stopped while booting");
    assertThat(failed.consoleTail()).contains("Kernel panic - not syncing: No working init found");
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node3")).as("a failed node is not retried by itself").isEqualTo(1);
  }

  @Test
  void aNodeThatDiedWhileTheOrchestratorWasAwayIsStartedAgainNotFailed() throws Exception {
    // Its watchdog killed it while the orchestrator was dead: the status still says running.
    store.createSpec(here(2));
    store.updateStatus(2, s -> NodeStatus.initial(2, NodeState.RUNNING, "host-a", "unum-node2", "10.213.0.2",
        "52:54:00:00:00:02", 0));
    hypervisor.domains.put("unum-node2", PowerState.SHUTOFF);
    controller.reconcile();
    Await.until("node 2 started again", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node2") == 1);
    assertThat(state(2)).isEqualTo(NodeState.BOOTING);
  }

  @Test
  void aNodeBoundHereFromALostHostIsStartedNotFailed() throws Exception {
    controller.reconcile(); // past the first pass of this orchestrator's life
    store.updateStatus(4, s -> NodeStatus.initial(4, NodeState.RUNNING, "host-b", "unum-node4", "10.213.0.4",
        "52:54:00:00:00:04", 0));
    store.createSpec(here(4)); // the lost host-b's node, bound here by the leader's recovery
    controller.reconcile();
    Await.until("node 4 started here", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node4") == 1);
    assertThat(store.status(4).orElseThrow().host()).isEqualTo("host-a");
  }

  @Test
  void aNodeWhoseDiskIsStillHeldElsewhereIsStartedOnceItIsFreeNotFailed() throws Exception {
    hypervisor.busyStarts.set(2); // the fenced copy elsewhere still exiting
    store.createSpec(here(4));
    controller.reconcile();
    Await.until("node 4 started at the third try", Duration.ofSeconds(10), () -> hypervisor.startsOf("unum-node4") == 1);
    assertThat(hypervisor.busyStarts.get()).isZero();
    assertThat(state(4)).isNotEqualTo(NodeState.FAILED);
  }

  /** Node 3 started here and reported running by its agent. */
  private void startNode3() {
    store.createSpec(here(3));
    controller.reconcile();
    Await.until("node 3 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node3") == 1);
    long now = System.currentTimeMillis();
    store.updateStatus(3, s -> s.running(null, now));
  }

  /** Node 3 started and running here, then the host loses its lease and its fence destroys the guest. */
  private void startNode3ThenFenceIt() throws Exception {
    startNode3();
    lease.set(false);
    hypervisor.destroy("unum-node3");
  }

  /** Passes until node 3 starts a second time: a start may still be finishing on the starter thread. */
  private void awaitNode3StartedAgain() {
    Await.until("node 3 started again", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return hypervisor.startsOf("unum-node3") == 2;
    });
    assertThat(state(3)).isNotEqualTo(NodeState.FAILED);
  }

  @Test
  void aSecondCopyOfANodeRunningWhereItIsBoundIsDestroyedAfterTheGrace() {
    store.createSpec(NodeSpec.withDefaults(5).boundTo("host-b"));
    store.updateStatus(5, s -> NodeStatus.initial(5, NodeState.RUNNING, "host-b", "unum-node5", null, null, 0));
    hypervisor.add("unum-node5", PowerState.RUNNING); // e.g. left by a fence that failed here
    long seen = System.nanoTime();
    Await.until("the second copy destroyed", DuplicateGuard.GRACE.plusSeconds(10), () -> {
      controller.reconcile();
      return hypervisor.find("unum-node5").orElseThrow().state() != PowerState.RUNNING;
    });
    assertThat(System.nanoTime() - seen).as("not before the grace").isGreaterThanOrEqualTo(DuplicateGuard.GRACE.toNanos());
    assertThat(events.all()).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo("node.duplicate");
      assertThat(e.data()).containsEntry("host", "host-a").containsEntry("boundTo", "host-b")
          .containsEntry("action", "destroyed");
    });
    assertThat(store.status(5).orElseThrow().host()).as("the rightful copy's status untouched").isEqualTo("host-b");
  }

  @Test
  void aNodeKilledWhileTheHostLostItsLeaseIsStartedAgainOnceItHoldsIt() throws Exception {
    startNode3ThenFenceIt();
    controller.reconcile();
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node3")).isEqualTo(1);
    lease.set(true);
    awaitNode3StartedAgain();
  }

  @Test
  void aNodeFencedWhileItsStartFinishesIsStartedAgainOnceTheHostHoldsItsLease() throws Exception {
    CountDownLatch fenceDone = new CountDownLatch(1);
    hypervisor.afterStart = () -> {
      try {
        fenceDone.await(5, TimeUnit.SECONDS); // the start is still finishing when the fence comes
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    startNode3ThenFenceIt();
    controller.reconcile(); // passes over node 3: its start has not finished
    fenceDone.countDown();
    lease.set(true);
    awaitNode3StartedAgain();
  }

  @Test
  void aNodeGoneAfterTheLeaseLapsedAndWasRenewedBetweenTwoPassesIsStartedAgainNotFailed() throws Exception {
    startNode3();
    controller.reconcile(); // a watching pass sees it alive
    // Between two passes (one was slow, say): the term ran out, the watchdog killed the guest, and
    // the lease was renewed, so no pass ever saw it invalid.
    hypervisor.destroy("unum-node3");
    lapses.incrementAndGet();
    awaitNode3StartedAgain();
  }

  @Test
  void aNodeGoneWhileTheLeaseHeldThroughoutFails() throws Exception {
    startNode3();
    controller.reconcile();
    hypervisor.destroy("unum-node3");
    Await.until("node 3 failed", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return state(3) == NodeState.FAILED;
    });
    assertThat(store.status(3).orElseThrow().error()).contains("stopped unexpectedly");
    assertThat(hypervisor.startsOf("unum-node3")).isEqualTo(1);
  }

  @Test
  void aBootWithoutHelloWithinTheBoundFailsAndIsStopped() throws Exception {
    store.createSpec(here(1));
    controller.reconcile();
    Await.until("node 1 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node1") == 1);
    Await.until("node 1 failed", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return state(1) == NodeState.FAILED;
    });
    assertThat(store.status(1).orElseThrow().error()).contains("no hello");
    assertThat(hypervisor.domains.get("unum-node1")).isEqualTo(PowerState.SHUTOFF);
  }

  @Test
  void aRunningNodesMemoryFollowsItsSpecUpToWhatItStartedWith() throws Exception {
    store.createSpec(here(3));
    controller.reconcile();
    Await.until("node 3 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node3") == 1);
    long now = System.currentTimeMillis();
    store.updateStatus(3, s -> s.running(null, now)); // the agent said hello
    Await.until("node 3's boot memory recorded", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return store.status(3).orElseThrow().bootMemoryMiB() == NodeSpec.DEFAULT_MEMORY_MIB;
    });
    assertThat(hypervisor.memoryCalls).as("nothing to change yet").isEmpty();
    store.updateSpec(3, s -> s.withSize(1, 384));
    controller.reconcile();
    controller.reconcile();
    assertThat(hypervisor.memoryCalls).as("asked once").containsExactly("unum-node3 384");
    store.updateSpec(3, s -> s.withSize(1, 2048));
    controller.reconcile();
    assertThat(hypervisor.memoryCalls).as("back up to what it started with, no more")
        .containsExactly("unum-node3 384", "unum-node3 512");
  }

  @Test
  void runningDomainsAreAdoptedNotStartedAgain() {
    store.createSpec(here(2));
    hypervisor.domains.put("unum-node2", PowerState.RUNNING);
    hypervisor.domains.put("unum-node5", PowerState.RUNNING); // running, but its spec was lost
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node2")).isZero();
    assertThat(state(2)).isEqualTo(NodeState.BOOTING);
    assertThat(store.spec(5)).as("an orphan running domain gets a spec, not the axe").isPresent();
  }

  @Test
  void anAdoptedNodeWhoseAgentStaysSilentIsReportedButNeverDestroyed() throws Exception {
    store.createSpec(here(2));
    hypervisor.domains.put("unum-node2", PowerState.RUNNING);
    Await.until("node 2 failed", Duration.ofSeconds(5), () -> {
      controller.reconcile();
      return state(2) == NodeState.FAILED;
    });
    assertThat(store.status(2).orElseThrow().error()).contains("agent did not answer");
    assertThat(hypervisor.domains.get("unum-node2")).isEqualTo(PowerState.RUNNING);
    assertThat(hypervisor.startsOf("unum-node2")).isZero();
  }

  @Test
  void aStoppedSpecPowersTheNodeOff() {
    store.createSpec(here(1).withRunning(false));
    hypervisor.domains.put("unum-node1", PowerState.RUNNING);
    controller.reconcile();
    // No agent link is ready, so the domain is stopped the hard way.
    assertThat(hypervisor.domains.get("unum-node1")).isEqualTo(PowerState.SHUTOFF);
    controller.reconcile();
    assertThat(state(1)).isEqualTo(NodeState.STOPPED);
  }

  @Test
  void nodesBoundElsewhereOrNotYetPlacedAreLeftAlone() {
    store.createSpec(NodeSpec.withDefaults(1).boundTo("host-b"));
    store.createSpec(NodeSpec.withDefaults(2));
    controller.reconcile();
    controller.reconcile();
    assertThat(hypervisor.startsOf("unum-node1")).isZero();
    assertThat(hypervisor.startsOf("unum-node2")).isZero();
  }

  @Test
  void aRunningDomainOfAnUnplacedNodeIsBoundHere() {
    store.createSpec(NodeSpec.withDefaults(4));
    hypervisor.domains.put("unum-node4", PowerState.RUNNING);
    controller.reconcile();
    assertThat(store.spec(4).orElseThrow().host()).isEqualTo("host-a");
    assertThat(hypervisor.startsOf("unum-node4")).isZero();
  }

  @Test
  void aRunningDomainBoundToAnotherHostIsNotTouched() {
    store.createSpec(NodeSpec.withDefaults(4).boundTo("host-b"));
    hypervisor.domains.put("unum-node4", PowerState.RUNNING);
    controller.reconcile();
    assertThat(hypervisor.domains.get("unum-node4")).isEqualTo(PowerState.RUNNING);
    assertThat(store.spec(4).orElseThrow().host()).isEqualTo("host-b");
  }

  @Test
  void aRemovedNodeLosesItsDomainFilesAndStatusHere() throws Exception {
    store.createSpec(here(6));
    controller.reconcile();
    Await.until("node 6 started", Duration.ofSeconds(5), () -> hypervisor.startsOf("unum-node6") == 1);
    assertThat(paths.diskDir(6)).exists();
    store.removeSpec(6);
    controller.reconcile();
    assertThat(hypervisor.domains).doesNotContainKey("unum-node6");
    assertThat(paths.dir(6)).doesNotExist();
    assertThat(paths.diskDir(6)).doesNotExist();
    assertThat(store.status(6)).isEmpty();
    assertThat(store.wasRemoved(6)).isTrue();
    controller.reconcile();
    assertThat(store.spec(6)).as("a tombstone is not adopted back").isEmpty();
  }

  @Test
  void aSpecChangeConcernsThisHostAtOnceWhenItsNodesComeGoStartStopOrMove() {
    NodeSpec unbound = NodeSpec.withDefaults(1);
    NodeSpec here = unbound.boundTo("h1");
    assertThat(NodeController.concerns("h1", unbound, here)).as("placed here").isTrue();
    assertThat(NodeController.concerns("h1", unbound.boundTo("h2"), here)).as("recovered here").isTrue();
    assertThat(NodeController.concerns("h1", here, here.boundTo("h2"))).as("taken away").isTrue();
    assertThat(NodeController.concerns("h1", here, null)).as("removed").isTrue();
    assertThat(NodeController.concerns("h1", null, here)).as("created here").isTrue();
    assertThat(NodeController.concerns("h1", here, here.withRunning(false))).as("stopped").isTrue();
    assertThat(NodeController.concerns("h1", here, here.migratingTo("h2"))).as("to move").isTrue();
    assertThat(NodeController.concerns("h1", here, here.withLabels(java.util.Map.of("a", "b")))).as("labels")
        .isFalse();
    assertThat(NodeController.concerns("h1", unbound.boundTo("h2"), unbound.boundTo("h2").withRunning(false)))
        .as("another host's node").isFalse();
    assertThat(NodeController.concerns("h1", null, unbound)).as("not placed yet").isFalse();
  }
}
