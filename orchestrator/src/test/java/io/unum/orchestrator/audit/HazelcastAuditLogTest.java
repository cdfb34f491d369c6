package io.unum.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.ControlPlane;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a real Hazelcast member on loopback: positions are ids, values plain JSON. */
class HazelcastAuditLogTest {
  @TempDir
  Path dir;

  private ControlPlane plane;

  @BeforeEach
  void start() {
    plane = ControlPlane.start("unum-test-audit", "a", "127.0.0.1", 5881, List.of("127.0.0.1:5881"), dir);
  }

  @AfterEach
  void stop() {
    plane.hazelcast().getLifecycleService().terminate();
  }

  @Test
  void recordsGetTheirPositionAsIdAndAreStoredAsJsonText() throws Exception {
    HazelcastAuditLog log = new HazelcastAuditLog(plane.hazelcast());
    assertThat(log.newest()).isEqualTo(-1);
    assertThat(log.read(0, 10)).isEmpty();
    for (int n = 0; n < 3; n++) {
      assertThat(log.append(AuditRecord.of(n, "a", "alice", "viewer", "token ci", "127.0.0.1", "DELETE",
          "/api/v1/tokens/" + n, "revokeToken", 200, null))).isEqualTo(n);
    }
    assertThat(log.newest()).isEqualTo(2);
    List<AuditRecord> read = log.read(1, 10);
    assertThat(read).extracting(AuditRecord::id).containsExactly(1L, 2L);
    assertThat(read.get(0).path()).isEqualTo("/api/v1/tokens/1");
    assertThat(log.read(3, 10)).isEmpty();
    assertThat(log.read(50, 10)).as("beyond the newest").isEmpty();
    Object stored = plane.hazelcast().getRingbuffer(HazelcastAuditLog.NAME).readOne(0);
    assertThat(stored).isInstanceOf(String.class).asString().contains("\"user\":\"alice\"");
  }
}
