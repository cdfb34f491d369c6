package io.unum.orchestrator.access;

/** A user or token that already exists (HTTP 409). */
public final class AccessConflictException extends RuntimeException {
  public AccessConflictException(String message) {
    super(message);
  }
}
