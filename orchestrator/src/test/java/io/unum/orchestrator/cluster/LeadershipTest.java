package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leader election among three real Hazelcast members on loopback. */
class LeadershipTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5831", "127.0.0.1:5832", "127.0.0.1:5833");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();
  private final List<Leadership> leaderships = new ArrayList<>();

  private Leadership member(String name, int port, BlockingQueue<String> events) {
    ControlPlane plane = ControlPlane.start("unum-test-leader", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    Leadership leadership = plane.leadership();
    leadership.addListener(new Leadership.Listener() {
      @Override
      public void elected(long epoch) {
        events.add(name + " elected " + epoch);
      }

      @Override
      public void deposed(long epoch) {
        events.add(name + " deposed " + epoch);
      }
    });
    leaderships.add(leadership);
    return leadership;
  }

  @AfterEach
  void stop() {
    leaderships.forEach(Leadership::close);
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  @Test
  void theOldestLeadsAndTheNextOldestTakesOverWithAHigherEpoch() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    // Three hosts: the epoch lives in the CP subsystem, which forms once all three are there.
    Leadership a = member("a", 5831, events);
    Leadership b = member("b", 5832, events);
    Leadership c = member("c", 5833, events);
    assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("a elected 1");
    // A second claim would come within a pass or two of the others (one a second): watch for 1.5 s.
    assertThat(events.poll(1500, TimeUnit.MILLISECONDS)).as("a second leader").isNull();
    assertThat(a.isLeader()).isTrue();
    assertThat(b.isLeader()).isFalse();
    assertThat(c.isLeader()).isFalse();

    long crashed = System.nanoTime();
    planes.get(0).hazelcast().getLifecycleService().terminate(); // the leader dies without a word
    assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("b elected 2");
    System.out.printf("[leadership] failover after the leader crashed: %.2f s%n", (System.nanoTime() - crashed) / 1e9);
    assertThat(c.isLeader()).isFalse();
    assertThat(b.currentEpoch()).as("a decision of epoch 1 is now recognisably stale").isEqualTo(2);
    assertThat(events.poll(1000, TimeUnit.MILLISECONDS)).as("nobody else claims leadership").isNull();
  }

  @Test
  void aLeaderStepsDownAtOnceWhenANewerEpochExistsAndWithinTheDeadlineWhenCutOffFromTheMajority() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Leadership a = member("a", 5831, events);
    member("b", 5832, events);
    member("c", 5833, events);
    assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("a elected 1");

    // Another side took the next epoch (as a majority does after a partition): a's decisions are stale now.
    planes.get(1).hazelcast().getCPSubsystem().getAtomicLong(Leadership.EPOCH).incrementAndGet();
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("a deposed 1");
    // Still the oldest, it takes a newer epoch of its own.
    assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("a elected 3");

    long cutOff = System.nanoTime();
    planes.get(1).hazelcast().getLifecycleService().terminate();
    planes.get(2).hazelcast().getLifecycleService().terminate();
    long bound = Leadership.STEP_DOWN_AFTER.toMillis() + 3000;
    assertThat(events.poll(bound, TimeUnit.MILLISECONDS)).as("a alone, within %d ms", bound).isEqualTo("a deposed 3");
    System.out.printf("[leadership] a leader cut off from the majority stopped after %.2f s%n",
        (System.nanoTime() - cutOff) / 1e9);
    assertThat(a.isLeader()).isFalse();
    Await.holds("a leading alone", Duration.ofSeconds(3), () -> !a.isLeader());
    assertThat(events).as("nothing else happened alone").isEmpty();
  }

  @Test
  void aLoneHostLeadsAndKeepsLeadingPastTheStepDownDeadline() {
    // One host: no CP group (unsafe mode), the epoch is an ordinary counter that always answers.
    ControlPlane plane = ControlPlane.start("unum-test-lone", "solo", "127.0.0.1", 5834, List.of("127.0.0.1:5834"),
        dir.resolve("solo"));
    planes.add(plane);
    Leadership solo = plane.leadership();
    leaderships.add(solo);
    Await.until("the lone host leading", Duration.ofSeconds(30), solo::isLeader);
    assertThat(solo.epoch()).isEqualTo(1);
    Await.holds("the lone host leading", Leadership.STEP_DOWN_AFTER.plusSeconds(2), solo::isLeader);
    assertThat(solo.epoch()).as("never deposed and elected again").isEqualTo(1);
  }

  @Test
  void onlyTheLeaderHoldingTheNewestEpochOvertakesAStampFromBeforeAReset() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Leadership a = member("a", 5831, events);
    Leadership b = member("b", 5832, events);
    member("c", 5833, events);
    assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("a elected 1");
    LeaderTerm followers = b.term(() -> true);
    LeaderTerm leaders = a.term(() -> true);
    LeaderTerm leaseless = a.term(() -> false);

    assertThat(followers.overtake(5)).as("a member that does not lead").isFalse();
    assertThat(leaseless.overtake(5)).as("a leader without its host's lease").isFalse();
    assertThat(leaders.overtake(1)).as("a stamp no newer than its own epoch").isFalse();
    assertThat(leaders.overtake(5)).as("the leader past a record stamped 5 before a reset").isTrue();
    assertThat(leaders.epoch()).isEqualTo(6);
    assertThat(a.currentEpoch()).as("the counter moved with it").isEqualTo(6);
    Await.holds("a leading with epoch 6", Duration.ofSeconds(2), () -> a.isLeader() && a.epoch() == 6);
    assertThat(events).as("no election, no deposition").isEmpty();
  }

  @Test
  void aLeaderAfterAResetOfTheCpSubsystemWritesPastTheStampsOfTheLeadersBeforeIt() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Leadership a = member("a", 5831, events);
    member("b", 5832, events);
    member("c", 5833, events);
    assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("a elected 1");
    ClusterStore store = planes.get(0).store();
    store.createSpec(NodeSpec.withDefaults(1));
    store.updateSpec(1, 4, s -> s.boundTo("a")); // as the leader of epoch 4 would

    // Two of three seats die at once and come back as new members: the CP subsystem is reset,
    // and its epoch counter starts again at 0.
    planes.get(1).hazelcast().getLifecycleService().terminate();
    planes.get(2).hazelcast().getLifecycleService().terminate();
    member("b", 5832, events);
    member("c", 5833, events);
    assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("a deposed 1");
    assertThat(events.poll(90, TimeUnit.SECONDS)).as("a elected again in the CP subsystem formed anew")
        .isEqualTo("a elected 1");
    LeaderTerm term = a.term(() -> true);
    long afterReset = term.epoch();

    assertThatThrownBy(() -> store.updateSpec(1, afterReset, s -> s.boundTo("b")))
        .isInstanceOfSatisfying(DeposedLeaderException.class, e -> assertThat(term.overtake(e.newer())).isTrue());
    assertThat(term.epoch()).as("past the record's stamp").isEqualTo(5);
    store.updateSpec(1, term.epoch(), s -> s.boundTo("b"));
    assertThat(store.spec(1).orElseThrow().host()).isEqualTo("b");
    System.out.printf("[leadership] after a CP reset the leader took epoch %d and overtook a record's 4: epoch %d%n",
        afterReset, term.epoch());
  }
}
