package io.unum.orchestrator.jobs;

/** The node already has a job that this one would fight with. */
public final class JobConflictException extends RuntimeException {
  public JobConflictException(String message) {
    super(message);
  }
}
