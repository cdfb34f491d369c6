package io.unum.orchestrator.cli;

/** A failure the CLI reports as one line (plus optional detail lines) and exit code 1. */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(String message) {
    this(message, 1);
  }

  CliFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
