package io.unum.orchestrator.processes;

/** A program has no running node to go to. */
public final class NoNodeToRunOnException extends RuntimeException {
  public NoNodeToRunOnException(String message) {
    super(message);
  }
}
