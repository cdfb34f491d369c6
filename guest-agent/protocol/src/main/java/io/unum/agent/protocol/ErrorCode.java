package io.unum.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a line or request was refused. */
public enum ErrorCode {
  /** Not JSON, or JSON that is not an object with a {@code type}. */
  @JsonProperty("malformed") MALFORMED,
  /** A {@code type} this side does not know. */
  @JsonProperty("unknown-type") UNKNOWN_TYPE,
  /** A line longer than {@link Protocol#MAX_LINE_BYTES}. */
  @JsonProperty("too-large") TOO_LARGE,
  /** A known type with a missing or invalid field. */
  @JsonProperty("bad-request") BAD_REQUEST,
  /** A valid request that could not be carried out (no such program, no such process...). */
  @JsonProperty("failed") FAILED,
  /** A valid request that this side does not accept in its role (e.g. a reply sent as a request). */
  @JsonProperty("unsupported") UNSUPPORTED
}
