package io.unum.orchestrator.client;

import java.util.Map;

/** What the typed clients' requests share: optional body fields and the idempotency header. */
final class Requests {
  private Requests() {}

  /** Puts {@code value} unless null: a field left out takes the API's default. */
  static void putIfSet(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  /** The header that makes a job-starting request safe to send again; none for a null key. */
  static Map<String, String> idempotency(String key) {
    return key == null ? Map.of() : Map.of("Idempotency-Key", key);
  }
}
