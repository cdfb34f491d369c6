package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Address;
import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CP subsystem's seats across a host's restart, with three real Hazelcast members on loopback. */
class CpSeatsTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5841", "127.0.0.1:5842", "127.0.0.1:5843");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  private ControlPlane member(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-test-seats", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
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
  void aRestartedHostTakesItsSeatBackAtOnceSoTheNextLossKeepsTheMajority() throws Exception {
    ControlPlane a = member("a", 5841);
    member("b", 5842);
    ControlPlane c = member("c", 5843);
    Await.until("three live CP seats", Duration.ofSeconds(30), () -> a.cpLiveSeats() == 3);
    assertThat(a.hazelcast().getConfig().getProperty(ControlPlane.LEADERSHIP_REBALANCE_PERIOD))
        .as("Hazelcast never moves a group's leadership (a move during a member's re-seating stalls 5.3.8's group)")
        .isEqualTo(String.valueOf(Integer.MAX_VALUE));

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
}
