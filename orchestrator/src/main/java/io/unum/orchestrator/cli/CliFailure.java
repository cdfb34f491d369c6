package io.unum.orchestrator.cli;

/** A failure the CLI reports as one line (plus optional detail lines) and exit code 1. */
final class CliFailure extends RuntimeException {
  private final int exitCode;
  private final int httpStatus;

  CliFailure(String message) {
    this(message, 1);
  }

  CliFailure(String message, int exitCode) {
    this(message, exitCode, 0);
  }

  private CliFailure(String message, int exitCode, int httpStatus) {
    super(message);
    this.exitCode = exitCode;
    this.httpStatus = httpStatus;
  }

  /** The API's refusal of a request, with its HTTP status. */
  static CliFailure refusal(String message, int httpStatus) {
    return new CliFailure(message, 1, httpStatus);
  }

  int exitCode() {
    return exitCode;
  }

  /** The HTTP status of the API's refusal; 0 when the failure is not one (e.g. no answer at all). */
  int httpStatus() {
    return httpStatus;
  }
}
