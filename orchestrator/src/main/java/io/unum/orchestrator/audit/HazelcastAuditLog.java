package io.unum.orchestrator.audit;

import com.hazelcast.config.RingbufferConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import com.hazelcast.ringbuffer.StaleSequenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditLog} on the Hazelcast ringbuffer {@value #NAME}: one partition owns it, so appends
 * from every host get one total order, and its sequence is the record's id. Values are JSON
 * strings, never Java-serialized objects: a member never deserializes a class from the wire.
 */
public final class HazelcastAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastAuditLog.class);
  static final String NAME = "unum.audit";
  /** Records kept in the cluster: days of a busy cluster's writes, some 30 MiB (and a backup). */
  static final int CAPACITY = 100_000;
  /** The most Hazelcast reads at once. */
  private static final int MAX_BATCH = 1000;
  private static final long READ_TIMEOUT_SECONDS = 10;

  private final Ringbuffer<String> ring;

  public HazelcastAuditLog(HazelcastInstance hazelcast) {
    // Dynamic config: every member adds the same, so it does not matter who starts first.
    hazelcast.getConfig().addRingBufferConfig(new RingbufferConfig(NAME).setCapacity(CAPACITY));
    this.ring = hazelcast.getRingbuffer(NAME);
  }

  @Override
  public long append(AuditRecord record) {
    // Stored without its id: the sequence it lands at is the id, stamped when read.
    return ring.add(record.at(-1).toJson());
  }

  @Override
  public List<AuditRecord> read(long from, int max) {
    long start = Math.max(from, ring.headSequence());
    if (start > ring.tailSequence()) {
      return List.of();
    }
    ReadResultSet<String> result;
    try {
      result = ring.readManyAsync(start, 0, Math.min(max, MAX_BATCH), null).toCompletableFuture()
          .get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StaleSequenceException) {
        return read(ring.headSequence(), max); // fell off between the two calls
      }
      throw new IllegalStateException("cannot read the audit log: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the audit log did not answer within " + READ_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the audit log", e);
    }
    List<AuditRecord> records = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      try {
        records.add(AuditRecord.fromJson(result.get(i)).at(result.getSequence(i)));
      } catch (IllegalArgumentException e) {
        LOG.warn("audit record {} is not readable, skipped: {}", result.getSequence(i), e.getMessage());
      }
    }
    return records;
  }

  @Override
  public long newest() {
    return ring.tailSequence();
  }
}
