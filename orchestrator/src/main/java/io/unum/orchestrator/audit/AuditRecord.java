package io.unum.orchestrator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * One write to the API (or one refused call of any kind), as the audit log keeps it: who, with
 * which role and credential, from where, what, and how it ended. Never a body, a query string, a
 * token, a password or a cookie: only the path.
 *
 * @param id        position in the cluster's audit log (the same on every host); -1 before it is appended
 * @param host      the orchestrator that served the request
 * @param user      who the credential proved, {@value #ANONYMOUS} when none
 * @param role      the credential's role ({@code admin}, {@code operator}, {@code viewer}); null when anonymous
 * @param via       how they proved it ({@code session}, {@code token ci}, {@code host credential}); null when anonymous
 * @param from      the address the request came from (no port)
 * @param operation the contract's operation id the method and path match; null when none does
 * @param status    the HTTP status answered; 0 when the client left before any answer
 * @param outcome   {@value #OK} (below 400), {@value #REFUSED} (401, 403) or {@value #FAILED} (anything else)
 * @param job       the job a write started (from its answer's Location), else null
 */
public record AuditRecord(long id, long timeMillis, String host, String user, String role, String via, String from,
    String method, String path, String operation, int status, String outcome, String job) {
  public static final String ANONYMOUS = "anonymous";
  public static final String OK = "ok";
  public static final String REFUSED = "refused";
  public static final String FAILED = "failed";

  /** Paths are the caller's to choose: kept to this length, so one request cannot make a huge record. */
  static final int MAX_PATH = 512;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public AuditRecord {
    if (path != null && path.length() > MAX_PATH) {
      path = path.substring(0, MAX_PATH) + "…";
    }
  }

  /** A record not yet in the log (the log gives it its id); the outcome follows from the status. */
  public static AuditRecord of(long timeMillis, String host, String user, String role, String via, String from,
      String method, String path, String operation, int status, String job) {
    return new AuditRecord(-1, timeMillis, host, user, role, via, from, method, path, operation, status,
        outcomeOf(status), job);
  }

  /** {@value #OK} below 400, {@value #REFUSED} for 401 and 403, {@value #FAILED} otherwise (0: no answer). */
  public static String outcomeOf(int status) {
    if (status > 0 && status < 400) {
      return OK;
    }
    return status == 401 || status == 403 ? REFUSED : FAILED;
  }

  /** This record at position {@code position} of the log. */
  public AuditRecord at(long position) {
    return new AuditRecord(position, timeMillis, host, user, role, via, from, method, path, operation, status, outcome,
        job);
  }

  /** The record as one line of JSON (no line breaks: JSON escapes them). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record {@link #toJson} wrote. */
  public static AuditRecord fromJson(String json) {
    try {
      return JSON.readValue(json, AuditRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an audit record: " + e.getOriginalMessage(), e);
    }
  }
}
