package io.unum.orchestrator.fencing;

/** The CP majority did not answer a lease call within its deadline (no quorum, or a slow one). */
public final class LeaseUnavailableException extends RuntimeException {
  public LeaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
