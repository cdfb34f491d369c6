package io.unum.orchestrator.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class InterconnectMeshTest {
  private static final MeshHost A = new MeshHost("host-a", "10.0.0.1", true);
  private static final MeshHost B = new MeshHost("host-b", "10.0.0.2", true);
  private static final MeshHost C = new MeshHost("host-c", "10.0.0.3", true);

  private final RecordingHostNetwork network = new RecordingHostNetwork();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger meshLogger = (Logger) LoggerFactory.getLogger(InterconnectMesh.class);
  private InterconnectMesh mesh;

  @BeforeEach
  void setUp() {
    network.mtuByAddress.put("10.0.0.1", 1500);
    mesh = new InterconnectMesh(network, "unum0", "unumvx0", "lab", "host-a", "10.0.0.1");
    log.start();
    meshLogger.addAppender(log);
  }

  @AfterEach
  void tearDown() {
    meshLogger.detachAppender(log);
  }

  @Test
  void firstUpdateBuildsBridgeTunnelAndFloodList() {
    mesh.update(List.of(A, B, C));

    int vni = MeshPlan.vniOf("lab");
    assertThat(mesh.vni()).isEqualTo(vni);
    assertThat(network.changes).containsExactly(
        "add bridge unum0",
        "set unumvx0 vxlan " + vni + " 10.0.0.1 mtu 1450 master unum0",
        "flood unumvx0 +10.0.0.2",
        "flood unumvx0 +10.0.0.3");
    assertThat(mesh.tunnels()).containsExactly("10.0.0.2", "10.0.0.3");
    assertThat(tunnelLines()).containsExactly("interconnect: tunnels to [10.0.0.2, 10.0.0.3]");
  }

  @Test
  void theSameHostsAgainChangeNothingAndLogNothing() {
    mesh.update(List.of(A, B));
    network.changes.clear();
    log.list.clear();

    mesh.update(List.of(B, A));

    assertThat(network.changes).isEmpty();
    assertThat(log.list).isEmpty();
  }

  @Test
  void hostsThatGoDownOrAwayLoseTheirTunnel() {
    mesh.update(List.of(A, B, C));
    network.changes.clear();

    mesh.update(List.of(A, new MeshHost("host-b", "10.0.0.2", false), C));
    assertThat(network.changes).containsExactly("flood unumvx0 -10.0.0.2");

    mesh.update(List.of(A));
    assertThat(network.floodPeers("unumvx0")).isEmpty();
    assertThat(mesh.tunnels()).isEmpty();
    assertThat(tunnelLines()).last().isEqualTo("interconnect: tunnels to []");
  }

  @Test
  void aFloodEntryRemovedBehindItsBackComesBack() {
    mesh.update(List.of(A, B));
    network.floods.get("unumvx0").clear();

    mesh.update(List.of(A, B));

    assertThat(network.floodPeers("unumvx0")).containsExactly("10.0.0.2");
  }

  @Test
  void aFailedJoinIsRetriedOnTheNextUpdate() {
    network.mtuByAddress.clear();
    assertThatThrownBy(() -> mesh.update(List.of(A, B))).hasMessageContaining("10.0.0.1");
    assertThat(network.links).isEmpty();

    network.mtuByAddress.put("10.0.0.1", 9000);
    mesh.update(List.of(A, B));
    assertThat(network.links.get("unumvx0")).contains("mtu 8950");
  }

  @Test
  void tooSmallAnUnderlayIsRefusedBeforeTouchingTheHost() {
    network.mtuByAddress.put("10.0.0.1", 1300);
    assertThatThrownBy(() -> mesh.update(List.of(A, B))).hasMessageContaining("1300");
    assertThat(network.changes).isEmpty();
  }

  @Test
  void closeRemovesTheTunnelButKeepsTheBridge() {
    mesh.update(List.of(A, B));
    network.changes.clear();

    mesh.close();
    mesh.close();
    mesh.update(List.of(A, B));

    assertThat(network.changes).containsExactly("del unumvx0");
    assertThat(network.links).containsOnlyKeys("unum0");
  }

  @Test
  void hostsJoinOnceWhenUpdatesRace() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> updates = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        updates.add(pool.submit(() -> {
          start.await();
          mesh.update(List.of(A, B));
          return null;
        }));
      }
      start.countDown();
      for (Future<?> update : updates) {
        update.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(network.changes).hasSize(3).first().isEqualTo("add bridge unum0");
    assertThat(tunnelLines()).hasSize(1);
  }

  private List<String> tunnelLines() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("interconnect: tunnels")).toList();
  }
}
