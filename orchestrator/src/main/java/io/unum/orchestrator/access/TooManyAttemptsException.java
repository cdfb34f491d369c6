package io.unum.orchestrator.access;

/** More password checks at once than a host spends CPU on (HTTP 429). */
public final class TooManyAttemptsException extends RuntimeException {
  public TooManyAttemptsException(String message) {
    super(message);
  }
}
