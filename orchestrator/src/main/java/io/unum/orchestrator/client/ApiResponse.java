package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An answer of the API whatever its status, for callers that check statuses themselves.
 *
 * @param body    the parsed JSON body; null when the answer had none
 * @param headers the response headers, names case-insensitive
 */
public record ApiResponse(int status, JsonNode body, Map<String, List<String>> headers) {
  /** The first value of header {@code name}, if the answer has it. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
