package io.unum.orchestrator.boot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which nodes a listing shows: by observed state, by host, and by a label selector
 * ({@code role=web,gpu}: every {@code key=value} must match, every bare {@code key} must exist).
 *
 * @param labels wanted labels; a null value means "has the key, any value"
 */
public record NodeFilter(String state, String host, Map<String, String> labels) {

  /** Parses a selector such as {@code role=web,tier=front,gpu}. */
  public static Map<String, String> selector(String text) {
    Map<String, String> wanted = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return wanted;
    }
    for (String term : text.split(",")) {
      int eq = term.indexOf('=');
      String key = (eq < 0 ? term : term.substring(0, eq)).strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("label selector '" + text + "' has an empty key");
      }
      wanted.put(key, eq < 0 ? null : term.substring(eq + 1).strip());
    }
    return wanted;
  }

  boolean matches(NodeView node) {
    if (state != null && !state.equals(node.state())) {
      return false;
    }
    if (host != null && !host.equals(node.host())) {
      return false;
    }
    for (Map.Entry<String, String> wanted : labels.entrySet()) {
      String value = node.labels().get(wanted.getKey());
      if (value == null || wanted.getValue() != null && !wanted.getValue().equals(value)) {
        return false;
      }
    }
    return true;
  }
}
