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

/** Three real Hazelcast members on loopback, joined through a static peer list. */
class HostRegistryTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5821", "127.0.0.1:5822", "127.0.0.1:5823");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  private ControlPlane member(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-test-hosts", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
  }

  private static HostInfo host(String name) {
    return new HostInfo(name, 2, 4096, "tcg", "test", "qemu:///system", "127.0.0.1", name + ":7070", "k", "i", 0, true, null);
  }

  private static Map<String, HostState> states(ControlPlane plane) {
    return plane.store().hosts().stream().collect(Collectors.toMap(HostStatus::name, HostStatus::state));
  }

  @AfterEach
  void stop() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  @Test
  void hostsRegisterLeaveAndAreMarkedDownWhenTheyVanish() throws Exception {
    ControlPlane a = member("a", 5821);
    ControlPlane b = member("b", 5822);
    ControlPlane c = member("c", 5823);
    Await.until("three members", Duration.ofSeconds(30), () -> a.memberCount() == 3);
    // Three hosts form a CP group; a member leaving before it formed would fail the discovery.
    Await.until("the CP group", Duration.ofSeconds(30),
        () -> a.hazelcast().getCPSubsystem().getCPSubsystemManagementService().isDiscoveryCompleted());
    a.registerHost(a.store(), host("a"));
    HostRegistry bRegistry = b.registerHost(b.store(), host("b"));
    c.registerHost(c.store(), host("c"));
    assertThat(states(a)).isEqualTo(Map.of("a", HostState.UP, "b", HostState.UP, "c", HostState.UP));
    assertThat(states(c)).isEqualTo(states(a));

    // Same name while its owner lives: refused, nothing changed.
    assertThatThrownBy(() -> c.registerHost(c.store(), host("a")))
        .hasMessageContaining("'a' is already registered").hasMessageContaining("a:7070");
    assertThat(a.store().hosts().stream().filter(h -> h.name().equals("a")).findFirst().orElseThrow()
        .memberId()).isEqualTo(a.hazelcast().getCluster().getLocalMember().getUuid().toString());

    bRegistry.close();
    b.close();
    assertThat(states(a).get("b")).isEqualTo(HostState.LEFT);

    c.hazelcast().getLifecycleService().terminate(); // a crash: no goodbye
    Await.until("host c marked down", Duration.ofSeconds(30), () -> states(a).get("c") == HostState.DOWN);
    assertThat(states(a).get("a")).isEqualTo(HostState.UP);
    assertThat(states(a).get("b")).as("a clean leave stays a leave").isEqualTo(HostState.LEFT);
  }
}
