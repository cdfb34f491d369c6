package io.unum.agent.protocol;

/** Why a line or request was refused. */
public enum ErrorCode implements WireName {
  /** Not JSON, or JSON that is not an object with a {@code type}. */
  MALFORMED("malformed"),
  /** A {@code type} this side does not know. */
  UNKNOWN_TYPE("unknown-type"),
  /** A line longer than {@link Protocol#MAX_LINE_BYTES}. */
  TOO_LARGE("too-large"),
  /** A known type with a missing or invalid field. */
  BAD_REQUEST("bad-request"),
  /** A valid request that could not be carried out (no such program, no such process...). */
  FAILED("failed"),
  /** A signal for a process that does not exist (kill(2)'s ESRCH). */
  NO_SUCH_PROCESS("no-such-process"),
  /** A signal the sender may not send to that process (kill(2)'s EPERM). */
  NOT_PERMITTED("not-permitted"),
  /** A valid request that this side does not accept in its role (e.g. a reply sent as a request). */
  UNSUPPORTED("unsupported");

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  /** The code as it is spelled in the {@code code} field of an {@code error} line. */
  @Override
  public String wireName() {
    return wireName;
  }
}
