package io.unum.orchestrator.access;

/** A caller whose role may not do what they asked (HTTP 403). */
public final class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
