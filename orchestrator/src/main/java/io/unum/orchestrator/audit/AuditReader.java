package io.unum.orchestrator.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Answers queries of the audit log: the newest records, or those from a position on, filtered. */
public final class AuditReader {
  /** Records read from the cluster at once. */
  private static final int CHUNK = 1000;
  /**
   * Records looked at, at most, for one page read forward: a filter that matches little answers
   * with what it found so far and a {@code next} to go on from, rather than reading the whole log.
   */
  static final int SCAN_LIMIT = 20 * CHUNK;

  private final AuditLog log;

  public AuditReader(AuditLog log) {
    this.log = log;
  }

  /** The records {@code query} asks for, oldest first, and the position after those looked at. */
  public AuditPage page(AuditQuery query) {
    long newest = log.newest();
    if (query.since() == null) {
      return new AuditPage(newestMatching(query, newest), newest + 1);
    }
    // A position beyond the newest record is one of a log that has since started again: all of
    // the new log is after it.
    long from = query.since() > newest + 1 ? 0 : query.since();
    return forward(query, from);
  }

  private AuditPage forward(AuditQuery query, long from) {
    List<AuditRecord> found = new ArrayList<>();
    long next = from;
    int scanned = 0;
    while (found.size() < query.limit() && scanned < SCAN_LIMIT) {
      List<AuditRecord> chunk = log.read(next, CHUNK);
      if (chunk.isEmpty()) {
        break;
      }
      for (AuditRecord record : chunk) {
        next = record.id() + 1;
        scanned++;
        if (query.matches(record)) {
          found.add(record);
          if (found.size() == query.limit()) {
            break;
          }
        }
      }
    }
    return new AuditPage(found, next);
  }

  /** The newest {@code limit} matching records up to {@code newest}, oldest first: read backwards in chunks. */
  private List<AuditRecord> newestMatching(AuditQuery query, long newest) {
    List<AuditRecord> found = new ArrayList<>();
    long end = newest;
    while (end >= 0 && found.size() < query.limit()) {
      long start = Math.max(0, end - CHUNK + 1);
      List<AuditRecord> chunk = log.read(start, (int) (end - start + 1));
      for (int i = chunk.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
        AuditRecord record = chunk.get(i);
        if (record.id() <= end && query.matches(record)) {
          found.add(record);
        }
      }
      if (chunk.isEmpty() || chunk.get(0).id() > start) {
        break; // nothing older is kept
      }
      end = start - 1;
    }
    Collections.reverse(found);
    return found;
  }
}
