package io.unum.orchestrator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * A line of an audit file that is not a record: what the file lacks and why (records lost to
 * the cluster log's capacity, or the cluster's log started again).
 *
 * @param host   the host whose file this is
 * @param next   id of the record the file goes on with
 * @param lost   how many records the file lacks before {@code next} (0 when unknown)
 */
record AuditNotice(long timeMillis, String host, String notice, long next, long lost) {
  private static final ObjectMapper JSON = new ObjectMapper();

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a parsed line is a notice rather than a record. */
  static boolean isNotice(JsonNode line) {
    return line.has("notice");
  }

  static AuditNotice of(JsonNode line) {
    return new AuditNotice(line.path("timeMillis").asLong(), line.path("host").asText(null),
        line.path("notice").asText(), line.path("next").asLong(), line.path("lost").asLong());
  }
}
