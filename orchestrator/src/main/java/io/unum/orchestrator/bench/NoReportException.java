package io.unum.orchestrator.bench;

/** Asked for the latest benchmark report where none was written yet. */
public final class NoReportException extends RuntimeException {
  public NoReportException(String message) {
    super(message);
  }
}
