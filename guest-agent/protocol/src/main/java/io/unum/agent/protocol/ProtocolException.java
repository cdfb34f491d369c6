package io.unum.agent.protocol;

/** A line that cannot be accepted; carries the code and, when it could be read, the request id. */
public final class ProtocolException extends Exception {
  private final ErrorCode code;
  private final Long requestId;

  public ProtocolException(ErrorCode code, String message, Long requestId) {
    super(message);
    this.code = code;
    this.requestId = requestId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The id of the offending request, or null when it had none or none could be read. */
  public Long requestId() {
    return requestId;
  }

  /** The error reply the receiving side should send back. */
  public Messages.Error toReply() {
    return new Messages.Error(requestId, code, getMessage());
  }
}
