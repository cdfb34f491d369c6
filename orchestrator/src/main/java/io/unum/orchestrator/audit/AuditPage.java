package io.unum.orchestrator.audit;

import java.util.List;

/**
 * One answer of {@code GET /api/v1/audit}: records oldest first (newest last), and where to ask
 * from next time ({@code since=next}) for the ones after them.
 */
public record AuditPage(List<AuditRecord> records, long next) {
  public AuditPage {
    records = List.copyOf(records);
  }
}
