package io.unum.orchestrator.audit;

import java.util.List;

/**
 * The cluster's audit log, shared by every host: whoever served a write appends it, and every
 * reader sees the same order. Bounded: the oldest records fall off (every host's
 * {@link AuditFile} keeps them for good).
 */
public interface AuditLog {

  /** Appends a record and returns its position. Blocks while the cluster stores it: never on the event loop. */
  long append(AuditRecord record);

  /**
   * At most {@code max} records from position {@code from} on, oldest first, at once (empty when
   * there are none yet). {@code from} older than the oldest record kept reads from the oldest, so
   * a first id above {@code from} means records were lost.
   */
  List<AuditRecord> read(long from, int max);

  /** Position of the newest record; -1 when there is none. */
  long newest();
}
