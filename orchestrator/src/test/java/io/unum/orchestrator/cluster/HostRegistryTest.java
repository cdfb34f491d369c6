package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Hazelcast members on loopback, joined through a static peer list, each registering its
 * host; the first three form the CP group, follow the leadership and watch the hosts with a 4 s
 * failure deadline.
 */
class HostRegistryTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5821", "127.0.0.1:5822", "127.0.0.1:5823");
  private static final Duration DEADLINE = Duration.ofSeconds(4);

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();
  private final List<AutoCloseable> parts = new ArrayList<>();

  private ControlPlane member(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-test-hosts", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
  }

  /** Three members with a CP group, each host registered, led by the oldest, a. */
  private List<ControlPlane> cluster() {
    ControlPlane a = member("a", 5821);
    ControlPlane b = member("b", 5822);
    ControlPlane c = member("c", 5823);
    Await.until("three members", Duration.ofSeconds(30), () -> a.memberCount() == 3);
    // Three hosts form a CP group; a member leaving before it formed would fail the discovery.
    Await.until("the CP group", Duration.ofSeconds(30),
        () -> a.hazelcast().getCPSubsystem().getCPSubsystemManagementService().isDiscoveryCompleted());
    List<Leadership> leaders = new ArrayList<>();
    for (ControlPlane plane : List.of(a, b, c)) {
      Leadership leadership = plane.leadership();
      leaders.add(leadership);
      parts.add(leadership);
      ReplicatedClusterView view = plane.view();
      parts.add(plane.watchHosts(plane.store(), view, leadership, DEADLINE));
      parts.add(view);
    }
    Await.until("a leads", Duration.ofSeconds(30), () -> leaders.get(0).isLeader());
    return List.of(a, b, c);
  }

  private void register(ControlPlane plane, String name) {
    parts.add(plane.registerHost(plane.store(), host(name)));
  }

  private static HostInfo host(String name) {
    return new HostInfo(name, 2, 4096, "tcg", "test", "qemu:///system", "127.0.0.1", name + ":7070", "k", "i", 0, true, null);
  }

  private static Map<String, HostState> states(ControlPlane plane) {
    return plane.store().hosts().stream().collect(Collectors.toMap(HostStatus::name, HostStatus::state));
  }

  @AfterEach
  void stop() {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        // Its member was terminated by the test.
      }
    }
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  @Test
  void hostsRegisterLeaveAndAreSuspectThenDownWhenTheyVanish() throws Exception {
    List<ControlPlane> planes = cluster();
    ControlPlane a = planes.get(0);
    ControlPlane b = planes.get(1);
    ControlPlane c = planes.get(2);
    // A fourth host, outside the CP group: its clean leave needs no CP confirmation.
    ControlPlane d = member("d", 5824);
    Await.until("four members", Duration.ofSeconds(30), () -> a.memberCount() == 4);
    register(a, "a");
    register(b, "b");
    register(c, "c");
    HostRegistry dRegistry = d.registerHost(d.store(), host("d"));
    assertThat(states(a)).isEqualTo(Map.of("a", HostState.UP, "b", HostState.UP, "c", HostState.UP, "d", HostState.UP));
    assertThat(states(c)).isEqualTo(states(a));

    // Same name while its owner lives: refused, nothing changed.
    assertThatThrownBy(() -> c.registerHost(c.store(), host("a")))
        .hasMessageContaining("'a' is already registered").hasMessageContaining("a:7070");
    assertThat(a.store().hosts().stream().filter(h -> h.name().equals("a")).findFirst().orElseThrow()
        .memberId()).isEqualTo(a.hazelcast().getCluster().getLocalMember().getUuid().toString());

    dRegistry.close();
    d.close();
    assertThat(states(a).get("d")).isEqualTo(HostState.LEFT);

    Map<String, HostState> heard = Map.of("a", HostState.UP, "b", HostState.UP, "c", HostState.UP,
        "d", HostState.LEFT);
    Await.holds("heard every second: up past the deadline; a clean leave stays a leave",
        DEADLINE.plusSeconds(1), () -> states(a).equals(heard));

    long crashed = System.nanoTime();
    c.hazelcast().getLifecycleService().terminate(); // a crash: no goodbye, its member gone at once
    Await.until("host c suspect", Duration.ofSeconds(10), () -> states(a).get("c") == HostState.SUSPECT);
    // Judged only by a leader whose epoch the CP group confirms: if c held the group's Raft lead,
    // that waits for a new one (~3 s, longer on a loaded machine); before the deadline, all the same.
    assertThat(System.nanoTime() - crashed).as("suspect before the deadline").isLessThan(DEADLINE.toNanos());
    Await.until("host c down", Duration.ofSeconds(20), () -> states(a).get("c") == HostState.DOWN);
    assertThat(System.nanoTime() - crashed).as("down no sooner than the deadline after its last beat")
        .isGreaterThan(DEADLINE.toNanos() - 1_100_000_000L);
    assertThat(states(b)).isEqualTo(Map.of("a", HostState.UP, "b", HostState.UP, "c", HostState.DOWN,
        "d", HostState.LEFT));
  }

  @Test
  void aCrashedLeaderIsDeclaredDownByTheNextAndComesBackUpWhenItRestarts() throws Exception {
    List<ControlPlane> planes = cluster();
    ControlPlane a = planes.get(0);
    ControlPlane b = planes.get(1);
    ControlPlane c = planes.get(2);
    register(a, "a");
    register(b, "b");
    register(c, "c");

    a.hazelcast().getLifecycleService().terminate();
    Await.until("host a down, judged by the next leader", Duration.ofSeconds(30),
        () -> states(b).get("a") == HostState.DOWN);
    assertThat(states(b).get("b")).isEqualTo(HostState.UP);
    assertThat(states(b).get("c")).isEqualTo(HostState.UP);

    // Its orchestrator starts again: a new member, which registers the host as up once more.
    ControlPlane again = member("a", 5821);
    Await.until("a back in the membership", Duration.ofSeconds(30), () -> b.memberCount() == 3);
    register(again, "a");
    Await.holds("heard: the leader lets it be", Duration.ofSeconds(2), () -> states(b).get("a") == HostState.UP);
  }
}
