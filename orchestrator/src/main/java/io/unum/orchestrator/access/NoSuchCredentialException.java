package io.unum.orchestrator.access;

/** A user or token that does not exist (HTTP 404). */
public final class NoSuchCredentialException extends RuntimeException {
  public NoSuchCredentialException(String message) {
    super(message);
  }
}
