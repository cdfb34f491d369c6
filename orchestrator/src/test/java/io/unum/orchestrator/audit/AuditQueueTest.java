package io.unum.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.MemoryAuditLog;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-off between the API and the cluster's log: never blocks, counts what it had to drop. */
class AuditQueueTest {
  private static AuditRecord record(int n) {
    return AuditRecord.of(n, "host-a", "alice", "admin", "session", null, "POST", "/api/v1/nodes", "createNode", 201,
        null);
  }

  @Test
  void aLogThatDoesNotKeepUpCostsRecordsNotTime() throws Exception {
    MemoryAuditLog stored = new MemoryAuditLog();
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch appending = new CountDownLatch(1);
    AuditLog slow = new AuditLog() {
      @Override
      public long append(AuditRecord record) {
        appending.countDown();
        try {
          stuck.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return stored.append(record);
      }

      @Override
      public List<AuditRecord> read(long from, int max) {
        return stored.read(from, max);
      }

      @Override
      public long newest() {
        return stored.newest();
      }
    };
    try (AuditQueue queue = new AuditQueue(slow, 2, System::currentTimeMillis)) {
      queue.offer(record(0));
      assertThat(appending.await(20, TimeUnit.SECONDS)).as("the first record taken").isTrue();
      long start = System.nanoTime();
      for (int n = 1; n <= 5; n++) {
        queue.offer(record(n));
      }
      assertThat(System.nanoTime() - start).as("offers never wait").isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(queue.dropped()).isEqualTo(3);
      stuck.countDown();
    }
    assertThat(stored.all()).extracting(AuditRecord::timeMillis).containsExactly(0L, 1L, 2L);
  }
}
