package io.unum.orchestrator.loadlevel;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.ControlPlane;
import io.unum.orchestrator.cluster.DurableValue;
import io.unum.orchestrator.hypervisor.MigrationTransport;
import io.unum.orchestrator.testing.Await;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Balancer settings an older version stored with transport "tcp" (on a host's disk, or in the
 * control plane by an older host) still load, as tls, and can still be changed.
 */
class StoredTransportTest {
  @TempDir
  Path dir;

  private ControlPlane plane;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.hazelcast().getLifecycleService().terminate();
    }
  }

  private static String legacy(BalancerSettings settings) throws Exception {
    String text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(settings);
    assertThat(text).contains("\"transport\":\"tls\"");
    return text.replace("\"transport\":\"tls\"", "\"transport\":\"tcp\"");
  }

  @Test
  void settingsWithTcpLoadAsTlsFromDiskAndFromTheControlPlane() throws Exception {
    BalancerSettings older = new BalancerSettings(BalancerMode.RECOMMEND, 15, 10, 100, 80, 3, 120, 4, 100, 0,
        MigrationTransport.TLS, 7);
    Path file = dir.resolve("balancer.json");
    Files.writeString(file, legacy(older));
    plane = ControlPlane.start("unum-test-transport", "a", "127.0.0.1", 5931, List.of("127.0.0.1:5931"), dir);
    DurableValue<BalancerSettings> settings = new DurableValue<>(plane.hazelcast(), "unum.balancer", file,
        BalancerSettings.class, BalancerSettings::revision).start();
    assertThat(settings.get()).as("restored from the disk").contains(older);

    // An older host wrote its text into the shared map: this one reads it, and changes it all the same.
    plane.hazelcast().<String, String>getMap("unum.balancer").set("cluster",
        legacy(new BalancerChange(null, null, null, null, null, null, null, null, null, null, null).applyTo(older)));
    assertThat(settings.get().orElseThrow().transport()).isEqualTo(MigrationTransport.TLS);
    BalancerAdmin admin = new BalancerAdmin(settings, new InMemoryValue<>(), new MemoryEventLog(), () -> true);
    BalancerSettings changed = admin.update(new BalancerChange(BalancerMode.OFF, null, null, null, null, null, null,
        null, null, null, null)).settings();
    assertThat(changed.mode()).isEqualTo(BalancerMode.OFF);
    assertThat(changed.revision()).isEqualTo(9);
    assertThat(settings.get()).contains(changed);
    // The copy on disk follows the map's events.
    Await.until("this host's copy at revision 9", Duration.ofSeconds(10), () -> read(file).contains("\"revision\":9"));
    assertThat(Files.readString(file)).as("this host's copy now says tls").contains("\"revision\":9")
        .contains("\"tls\"").doesNotContain("tcp");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return ""; // not written yet
    }
  }
}
