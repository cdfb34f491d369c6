package io.unum.orchestrator.client;

/**
 * A call the host's own services refused (no such process, not permitted, ...) when a command
 * typed in a node is served in-process: the API's 4xx without the HTTP.
 */
public final class CallRefusedException extends ApiFailure {
  public CallRefusedException(String detail, Throwable cause) {
    super(detail, cause);
  }

  @Override
  public String explanation() {
    return getMessage();
  }
}
