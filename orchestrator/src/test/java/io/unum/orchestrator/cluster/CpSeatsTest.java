package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Address;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import io.unum.orchestrator.fencing.HazelcastLeaseStore;
import io.unum.orchestrator.fencing.LeaseUnavailableException;
import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CP subsystem's seats across a host's restart, with three real Hazelcast members on loopback. */
class CpSeatsTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5841", "127.0.0.1:5842", "127.0.0.1:5843");
  private static final UUID A = new UUID(0, 1);
  private static final UUID B = new UUID(0, 2);
  private static final UUID C = new UUID(0, 3);

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  private ControlPlane member(String name, int port) {
    return member(name, port, PEERS, CpSeats.MISSING_AFTER);
  }

  private ControlPlane member(String name, int port, List<String> peers, Duration missingAfter) {
    ControlPlane plane = ControlPlane.start("unum-test-seats", name, "127.0.0.1", port, peers, dir.resolve(name),
        missingAfter);
    planes.add(plane);
    return plane;
  }

  /** Three members on this machine and their peer list. */
  private record Seated(List<String> peers, ControlPlane a, ControlPlane b, ControlPlane c) {}

  /** Members a, b and c on ports {@code first} to {@code first + 2}, once all three hold their CP seats. */
  private Seated threeSeated(int first) {
    List<String> peers = List.of("127.0.0.1:" + first, "127.0.0.1:" + (first + 1), "127.0.0.1:" + (first + 2));
    ControlPlane a = member("a", first, peers, CpSeats.MISSING_AFTER);
    ControlPlane b = member("b", first + 1, peers, CpSeats.MISSING_AFTER);
    ControlPlane c = member("c", first + 2, peers, CpSeats.MISSING_AFTER);
    Await.until("three live CP seats", Duration.ofSeconds(30), () -> a.cpLiveSeats() == 3);
    return new Seated(peers, a, b, c);
  }

  private static Address at(int port) throws Exception {
    return new Address("127.0.0.1", port);
  }

  /** Seats A, B and C at ports 1, 2 and 3. */
  private static Map<UUID, Address> threeSeats() throws Exception {
    return Map.of(A, at(1), B, at(2), C, at(3));
  }

  @AfterEach
  void stop() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  private static boolean holdsASeat(ControlPlane plane) {
    return plane.hazelcast().getCPSubsystem().getLocalCPMember() != null;
  }

  @Test
  void theSeatsAtAHostsOwnAddressAreItsEarlierLives() throws Exception {
    UUID earlier = new UUID(0, 1);
    UUID other = new UUID(0, 2);
    Address self = new Address("127.0.0.1", 5843);
    Address elsewhere = new Address("127.0.0.1", 5841);
    assertThat(CpSeats.leftByEarlierLives(Map.of(earlier, self, other, elsewhere), self)).containsExactly(earlier);
    assertThat(CpSeats.leftByEarlierLives(Map.of(other, elsewhere), self)).isEmpty();
  }

  @Test
  void aGoneMembersSeatIsFreedOnlyByTheOldestSpareAndOnlyAfterTheDeadline() throws Exception {
    Map<UUID, Address> seated = threeSeats();
    long after = 60;
    Map<UUID, Long> since = new HashMap<>();

    // Four hosts: spares 4 and 5 (4 the older) see C gone; only 4 acts, and only after the deadline.
    List<Address> live = List.of(at(1), at(2), at(4), at(5));
    assertThat(CpSeats.plan(seated, live, at(4), 3, since, 10, after)).isEqualTo(new CpSeats.SeatPlan(List.of(), false));
    assertThat(CpSeats.plan(seated, live, at(4), 3, since, 69, after)).isEqualTo(new CpSeats.SeatPlan(List.of(), false));
    assertThat(CpSeats.plan(seated, live, at(5), 3, new HashMap<>(Map.of(C, 0L)), 100, after))
        .as("the younger spare leaves it to the older").isEqualTo(new CpSeats.SeatPlan(List.of(), false));
    assertThat(CpSeats.plan(seated, live, at(4), 3, since, 70, after)).isEqualTo(new CpSeats.SeatPlan(List.of(C), true));

    // C back before the deadline: its clock starts again.
    since.clear();
    CpSeats.plan(seated, live, at(4), 3, since, 0, after);
    CpSeats.plan(seated, List.of(at(1), at(2), at(3), at(4)), at(4), 3, since, 30, after);
    assertThat(since).isEmpty();

    // A restarted host frees its earlier life's seat and, the only spare, takes one.
    assertThat(CpSeats.plan(seated, List.of(at(1), at(2), at(3)), at(3), 3, new HashMap<>(), 0, after))
        .isEqualTo(new CpSeats.SeatPlan(List.of(C), true));
  }

  @Test
  void aSpareTakesTheSeatOfAMemberGoneBeyondTheDeadline() throws Exception {
    List<String> peers = List.of("127.0.0.1:5845", "127.0.0.1:5846", "127.0.0.1:5847", "127.0.0.1:5848");
    Duration missingAfter = Duration.ofSeconds(3);
    ControlPlane a = member("a", 5845, peers, missingAfter);
    member("b", 5846, peers, missingAfter);
    ControlPlane c = member("c", 5847, peers, missingAfter);
    Await.until("three live CP seats", Duration.ofSeconds(30), () -> a.cpLiveSeats() == 3);
    assertThat(a.hazelcast().getConfig().getCPSubsystemConfig().getMissingCPMemberAutoRemovalSeconds())
        .as("Hazelcast removes no CP member on its own: CpSeats does, when a spare can take the seat").isZero();
    ControlPlane spare = member("d", 5848, peers, missingAfter);
    Await.until("d up without a seat", Duration.ofSeconds(30), () -> a.memberCount() == 4);
    assertThat(holdsASeat(spare)).isFalse();

    c.hazelcast().getLifecycleService().terminate();
    long gone = System.nanoTime();
    Await.until("the spare in c's seat", Duration.ofSeconds(60), () -> holdsASeat(spare) && a.cpLiveSeats() == 3);
    System.out.printf("[cp-seats] a spare holds the seat of a member gone %.1f s before (deadline %d s)%n",
        (System.nanoTime() - gone) / 1e9, missingAfter.toSeconds());
  }

  @Test
  void aRestartedHostTakesItsSeatBackAtOnceSoTheNextLossKeepsTheMajority() throws Exception {
    ControlPlane a = member("a", 5841);
    member("b", 5842);
    ControlPlane c = member("c", 5843);
    Await.until("three live CP seats", Duration.ofSeconds(30), () -> a.cpLiveSeats() == 3);
    assertThat(a.hazelcast().getConfig().getProperty(ControlPlane.LEADERSHIP_REBALANCE_PERIOD))
        .as("Hazelcast never moves a group's leadership (a move during a member's re-seating stalls 5.3.8's group)")
        .isEqualTo(String.valueOf(Integer.MAX_VALUE));
    assertThat(a.hazelcast().getConfig().getAdvancedNetworkConfig().getIcmpFailureDetectorConfig().isEnabled())
        .as("as root, a host that answers no ping is dropped in seconds (the tests run as root, as hosts do)").isTrue();

    c.hazelcast().getLifecycleService().terminate(); // killed: its CP identity dies with it
    // As on a host, where starting the orchestrator again takes seconds: the others saw it go.
    Await.until("the others to see c gone", Duration.ofSeconds(30), () -> a.memberCount() == 2);
    long restarted = System.nanoTime();
    ControlPlane again = member("c", 5843);
    Await.until("the restarted host back in its seat", Duration.ofSeconds(30),
        () -> holdsASeat(again) && a.cpLiveSeats() == 3 && again.cpLiveSeats() == 3);
    System.out.printf("[cp-seats] a restarted host holds a seat again %.1f s after it started%n",
        (System.nanoTime() - restarted) / 1e9);

    planes.get(1).hazelcast().getLifecycleService().terminate(); // b dies too
    long died = System.nanoTime();
    Await.until("a write to the Raft group with two of its three seats alive", Duration.ofSeconds(30), () -> {
      try {
        return a.hazelcast().getCPSubsystem().getAtomicLong("probe").incrementAndGetAsync()
            .toCompletableFuture().get(5, TimeUnit.SECONDS) > 0;
      } catch (Exception e) {
        return false; // the group elects a leader in its place first
      }
    });
    System.out.printf("[cp-seats] writes again %.1f s after a second host died%n", (System.nanoTime() - died) / 1e9);
  }

  @Test
  void aGroupIsLostForGoodWhenMostSeatsAreHeldByOtherLivesAndNoneIsOutOfSight() throws Exception {
    Map<UUID, Address> seats = threeSeats();
    List<Address> live = List.of(at(1), at(2), at(3));
    // B and C restarted: their addresses are live, under identities that are not the seats'.
    assertThat(CpSeats.lostForGood(seats, live, Map.of(at(1), A.toString()))).isTrue();
    assertThat(CpSeats.lostForGood(seats, live, Map.of(at(1), A.toString(), at(2), new UUID(0, 9).toString())))
        .isTrue();
    assertThat(CpSeats.lostForGood(seats, live, Map.of(at(1), A.toString(), at(2), B.toString())))
        .as("two of three seats live: the group has its majority").isFalse();
    assertThat(CpSeats.lostForGood(seats, List.of(at(1), at(2), at(4)), Map.of(at(1), A.toString())))
        .as("C may be cut off and alive, with a part of the group elsewhere").isFalse();
    assertThat(CpSeats.lostForGood(Map.of(), live, Map.of())).as("no seats known yet").isFalse();
  }

  @Test
  void aGroupDiedUnseenOnlyWhenNoLiveMemberKnowsItsSeatsAndEnoughAreThereToSeatANewOne() throws Exception {
    assertThat(CpSeats.diedUnseen(Map.of(), 3, 3, Map.of())).isTrue();
    assertThat(CpSeats.diedUnseen(threeSeats(), 3, 3, Map.of())).as("this member knows the seats").isFalse();
    assertThat(CpSeats.diedUnseen(Map.of(), 3, 3, Map.of(at(1), A.toString())))
        .as("a live member holds a seat of its own").isFalse();
    assertThat(CpSeats.diedUnseen(Map.of(), 2, 3, Map.of())).as("too few to seat a group").isFalse();
  }

  @Test
  void everyHostRestartedWhileTheLastOfItsEarlierLivesStillRanFormsTheGroupAgain() throws Exception {
    Seated three = threeSeated(5861);
    List<String> peers = three.peers();
    ControlPlane a = three.a();
    ControlPlane b = three.b();
    ControlPlane c = three.c();

    // Every host restarts at once, b's old life last: the new a and c join the old b, in a
    // cluster whose CP group formed long ago (Hazelcast never discovers one again there) and
    // which lost two seats, so no leader tells them the seats; then b's old life goes too.
    a.hazelcast().getLifecycleService().terminate();
    c.hazelcast().getLifecycleService().terminate();
    Await.until("b to see a and c gone", Duration.ofSeconds(30), () -> b.memberCount() == 1);
    long restarted = System.nanoTime();
    ControlPlane a2 = member("a", 5861, peers, CpSeats.MISSING_AFTER);
    member("c", 5863, peers, CpSeats.MISSING_AFTER);
    // Asked before the group is formed again, as a restarted host's lease keeper does at once.
    HazelcastLeaseStore leases = new HazelcastLeaseStore(a2.hazelcast(), Duration.ofSeconds(2));
    assertThatThrownBy(() -> leases.read("a")).isInstanceOf(LeaseUnavailableException.class);
    b.hazelcast().getLifecycleService().terminate();
    member("b", 5862, peers, CpSeats.MISSING_AFTER);
    try (leases) {
      Await.until("a lease renewed in the CP subsystem formed anew", Duration.ofSeconds(90), () -> {
        try {
          return leases.compareAndSet("a", leases.read("a"), 2);
        } catch (LeaseUnavailableException e) {
          return false;
        }
      });
    }
    System.out.printf("[cp-seats] every host restarted, the last old life leaving after the new ones joined:"
        + " a lease renewed again %.1f s after the first restart%n", (System.nanoTime() - restarted) / 1e9);
  }

  @Test
  void twoHostsRestartedTogetherLeaveAGroupThatIsResetAndFormsAgain() throws Exception {
    Seated three = threeSeated(5851);
    List<String> peers = three.peers();
    ControlPlane a = three.a();
    ControlPlane b = three.b();
    ControlPlane c = three.c();
    List<String> reported = new CopyOnWriteArrayList<>();
    a.whenCpReset(reported::addAll);
    IAtomicLong before = a.hazelcast().getCPSubsystem().getAtomicLong("probe");
    assertThat(before.incrementAndGet()).isEqualTo(1);

    // Two of three seats die at once: the group can never elect a leader again. The hosts come
    // back at the same addresses with new identities: the oldest member resets the subsystem.
    b.hazelcast().getLifecycleService().terminate();
    c.hazelcast().getLifecycleService().terminate();
    Await.until("the others to see b and c gone", Duration.ofSeconds(30), () -> a.memberCount() == 1);
    long restarted = System.nanoTime();
    member("b", 5852, peers, CpSeats.MISSING_AFTER);
    member("c", 5853, peers, CpSeats.MISSING_AFTER);
    Await.until("a write to the CP subsystem formed anew", Duration.ofSeconds(90), () -> {
      try {
        return a.hazelcast().getCPSubsystem().getAtomicLong("probe").incrementAndGetAsync()
            .toCompletableFuture().get(5, TimeUnit.SECONDS) > 0;
      } catch (Exception e) {
        return false;
      }
    });
    System.out.printf("[cp-seats] a group that lost two seats for good takes writes again %.1f s after the hosts"
        + " restarted (reset after %d s without answers)%n", (System.nanoTime() - restarted) / 1e9,
        CpSeats.RESET_AFTER.toSeconds());
    assertThat(a.hazelcast().getCPSubsystem().getAtomicLong("probe").get()).as("the reset wiped the old value")
        .isEqualTo(1);
    assertThatThrownBy(before::get).as("a proxy from before the reset").isInstanceOf(CPGroupDestroyedException.class);
    assertThat(reported).as("the seats the reset replaced, as the orchestrator's event says")
        .containsExactlyInAnyOrder("[127.0.0.1]:5851", "[127.0.0.1]:5852", "[127.0.0.1]:5853");
  }
}
