package io.unum.orchestrator.access;

/** No credential, or one that proves nothing (HTTP 401). */
public final class NotAuthenticatedException extends RuntimeException {
  public NotAuthenticatedException(String message) {
    super(message);
  }
}
