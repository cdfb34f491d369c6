package io.unum.orchestrator.audit;

/**
 * What a reader of the audit log asks for: records from a position on (or the newest), how many,
 * and only one user's or one outcome's.
 *
 * @param since   the first id wanted; null: the newest {@code limit} records
 * @param limit   at most this many records, 1..{@value #MAX_LIMIT}
 * @param user    only this user's records; null: everyone's
 * @param outcome only records with this outcome; null: any
 */
public record AuditQuery(Long since, int limit, String user, String outcome) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
  }

  /** A query with the API's defaults for what is not given. */
  public static AuditQuery of(Long since, Integer limit, String user, String outcome) {
    return new AuditQuery(since, limit == null ? DEFAULT_LIMIT : limit, user, outcome);
  }

  /** Whether {@code record} is one this query asks for (its position aside). */
  public boolean matches(AuditRecord record) {
    return (user == null || user.equals(record.user())) && (outcome == null || outcome.equals(record.outcome()));
  }
}
