package io.unum.orchestrator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.cluster.ControlPlane;
import io.unum.orchestrator.cluster.DurableValue;
import io.unum.orchestrator.cluster.HazelcastValue;
import io.unum.orchestrator.testing.InMemoryServiceInstanceStore;
import io.unum.orchestrator.testing.InMemoryServiceLogs;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin on a real Hazelcast member: every change is a compare-and-set of the whole catalog,
 * which must match what the map holds after a round trip through serialization.
 */
class ServiceAdminTest {
  @TempDir
  Path dir;

  private ControlPlane plane;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.hazelcast().getLifecycleService().terminate();
    }
  }

  @Test
  void createReplaceRestartAndDeleteOnTheSharedCatalog() {
    plane = ControlPlane.start("unum-test-services", "a", "127.0.0.1", 5871, List.of("127.0.0.1:5871"), dir);
    MemoryEventLog events = new MemoryEventLog();
    ServiceAdmin admin = new ServiceAdmin(new DurableValue<>(plane.hazelcast(), "unum.services",
        dir.resolve("services.json"), ServiceCatalog.class, ServiceCatalog::revision).start(),
        new HazelcastValue<>(plane.hazelcast(), "unum.service-assignment", ServiceAssignment.class), new InMemoryServiceInstanceStore(),
        new InMemoryServiceLogs(), events, () -> true);
    admin.create(ServiceCatalogTest.spec("db", null));
    admin.create(new ServiceSpec("web", List.of("sleep", "1"), "nobody", List.of(3), ServiceSpec.Placement.EVERY, null,
        new ServiceSpec.Restart(ServiceSpec.Policy.ALWAYS, 2, 100L, null), 3, List.of("db"),
        java.util.Map.of("A", "b"), 0));
    assertThatThrownBy(() -> admin.create(ServiceCatalogTest.spec("db", null)))
        .isInstanceOf(ServiceConflictException.class);
    assertThat(admin.restart("web").spec().revision()).isEqualTo(3);
    assertThat(admin.replace("db", ServiceCatalogTest.spec("db", List.of(3, 5))).spec().runLevels()).containsExactly(3, 5);
    assertThat(admin.list()).extracting(ServiceView::name).containsExactly("db", "web");
    assertThatThrownBy(() -> admin.delete("db")).isInstanceOf(ServiceConflictException.class);
    admin.delete("web");
    admin.delete("db");
    assertThat(admin.list()).isEmpty();
    assertThat(events.types()).contains("service.created", "service.restarted", "service.updated", "service.deleted");
  }
}
