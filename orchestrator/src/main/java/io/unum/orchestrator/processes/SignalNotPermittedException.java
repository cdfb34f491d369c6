package io.unum.orchestrator.processes;

/** The sender may not signal that process (kill(2)'s EPERM). */
public final class SignalNotPermittedException extends RuntimeException {
  public SignalNotPermittedException(String message) {
    super(message);
  }
}
