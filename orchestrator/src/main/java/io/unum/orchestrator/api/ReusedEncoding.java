package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the last value encoded, reused while the next value equals it: a large listing
 * that did not change since the last request (most requests, between changes) costs a
 * comparison instead of a serialization.
 */
final class ReusedEncoding {
  private record Last(Object value, byte[] json) {}

  private final ObjectMapper mapper;
  private volatile Last last;

  ReusedEncoding(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code value} as JSON: the bytes of the last encoding when it equals the last value. */
  byte[] encode(Object value) throws JsonProcessingException {
    Last seen = last;
    if (seen != null && seen.value().equals(value)) {
      return seen.json();
    }
    byte[] json = mapper.writeValueAsBytes(value);
    last = new Last(value, json);
    return json;
  }
}
