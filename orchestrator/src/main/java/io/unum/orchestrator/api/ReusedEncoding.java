package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of the last value encoded, reused while the next value equals it: a large listing
 * that did not change since the last request (most requests, between changes) costs a
 * comparison instead of a serialization, and its gzip form is made once.
 */
final class ReusedEncoding {
  private record Last(Object value, EncodedJson json) {}

  private final ObjectMapper mapper;
  private volatile Last last;

  ReusedEncoding(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code value} as JSON: the last encoding when it equals the last value. */
  EncodedJson encode(Object value) throws JsonProcessingException {
    Last seen = last;
    if (seen != null && (seen.value() == value || seen.value().equals(value))) {
      return seen.json();
    }
    EncodedJson json = new EncodedJson(mapper.writeValueAsBytes(value));
    last = new Last(value, json);
    return json;
  }
}
