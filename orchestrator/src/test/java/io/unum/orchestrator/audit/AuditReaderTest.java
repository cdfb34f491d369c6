package io.unum.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.MemoryAuditLog;
import org.junit.jupiter.api.Test;

/** Reading the audit log: the newest records, from a position on, one user's or one outcome's. */
class AuditReaderTest {
  private final MemoryAuditLog log = new MemoryAuditLog();
  private final AuditReader reader = new AuditReader(log);

  private void append(String user, int status) {
    log.append(AuditRecord.of(1, "host-a", user, "admin", "session", "127.0.0.1", "POST", "/api/v1/nodes",
        "createNode", status, null));
  }

  @Test
  void withoutAPositionTheNewestComeOldestFirstWithThePositionAfterThem() {
    for (int i = 0; i < 2500; i++) {
      append(i % 2 == 0 ? "alice" : "bob", 201);
    }
    AuditPage newest = reader.page(AuditQuery.of(null, 3, null, null));
    assertThat(newest.records()).extracting(AuditRecord::id).containsExactly(2497L, 2498L, 2499L);
    assertThat(newest.next()).isEqualTo(2500);
    AuditPage alice = reader.page(AuditQuery.of(null, 1000, "alice", null));
    assertThat(alice.records()).hasSize(1000).allMatch(r -> r.user().equals("alice"));
    assertThat(alice.records().get(999).id()).isEqualTo(2498);
    assertThat(alice.records().get(0).id()).isEqualTo(500);
    assertThat(reader.page(AuditQuery.of(null, null, null, null)).records()).hasSize(AuditQuery.DEFAULT_LIMIT);
  }

  @Test
  void fromAPositionOnTheRecordsAfterItAndWhereToGoOn() {
    for (int i = 0; i < 10; i++) {
      append("alice", i == 4 ? 403 : 200);
    }
    AuditPage page = reader.page(AuditQuery.of(2L, 3, null, null));
    assertThat(page.records()).extracting(AuditRecord::id).containsExactly(2L, 3L, 4L);
    assertThat(page.next()).isEqualTo(5);
    AuditPage refused = reader.page(AuditQuery.of(0L, 10, null, AuditRecord.REFUSED));
    assertThat(refused.records()).extracting(AuditRecord::id).containsExactly(4L);
    assertThat(refused.next()).as("everything was looked at").isEqualTo(10);
    assertThat(reader.page(AuditQuery.of(10L, 10, null, null))).isEqualTo(new AuditPage(java.util.List.of(), 10));
  }

  @Test
  void aPositionOfRecordsNoLongerKeptReadsFromTheOldestAndOneBeyondTheNewestFromTheStart() {
    for (int i = 0; i < 10; i++) {
      append("alice", 200);
    }
    log.forgetBefore(6);
    assertThat(reader.page(AuditQuery.of(2L, 10, null, null)).records()).extracting(AuditRecord::id)
        .containsExactly(6L, 7L, 8L, 9L);
    assertThat(reader.page(AuditQuery.of(null, 10, null, null)).records()).extracting(AuditRecord::id)
        .containsExactly(6L, 7L, 8L, 9L);
    MemoryAuditLog fresh = new MemoryAuditLog();
    fresh.append(AuditRecord.of(1, "host-a", "bob", "admin", "session", null, "DELETE", "/api/v1/nodes/2",
        "deleteNode", 200, null));
    AuditPage started = new AuditReader(fresh).page(AuditQuery.of(500L, 10, null, null));
    assertThat(started.records()).extracting(AuditRecord::user).containsExactly("bob");
    assertThat(started.next()).isEqualTo(1);
  }

  @Test
  void theOutcomeFollowsFromTheStatus() {
    assertThat(AuditRecord.outcomeOf(202)).isEqualTo(AuditRecord.OK);
    assertThat(AuditRecord.outcomeOf(401)).isEqualTo(AuditRecord.REFUSED);
    assertThat(AuditRecord.outcomeOf(403)).isEqualTo(AuditRecord.REFUSED);
    assertThat(AuditRecord.outcomeOf(409)).isEqualTo(AuditRecord.FAILED);
    assertThat(AuditRecord.outcomeOf(0)).as("no answer").isEqualTo(AuditRecord.FAILED);
  }
}
