package io.unum.orchestrator.testing;

import io.unum.orchestrator.audit.AuditLog;
import io.unum.orchestrator.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditLog} in a list, for unit tests; {@link #forgetBefore} drops old records as a
 * full ringbuffer does.
 */
public final class MemoryAuditLog implements AuditLog {
  private final List<AuditRecord> records = new ArrayList<>();
  private long oldest;

  @Override
  public synchronized long append(AuditRecord record) {
    AuditRecord stored = record.at(records.size());
    records.add(stored);
    return stored.id();
  }

  @Override
  public synchronized List<AuditRecord> read(long from, int max) {
    long start = Math.max(from, oldest);
    if (start >= records.size()) {
      return List.of();
    }
    return List.copyOf(records.subList((int) start, (int) Math.min(records.size(), start + max)));
  }

  @Override
  public synchronized long newest() {
    return records.size() - 1;
  }

  /** Drops the records before {@code id}, as a full ringbuffer does. */
  public synchronized void forgetBefore(long id) {
    oldest = id;
  }

  /** Every record appended so far (forgotten ones too), in order. */
  public synchronized List<AuditRecord> all() {
    return List.copyOf(records);
  }
}
