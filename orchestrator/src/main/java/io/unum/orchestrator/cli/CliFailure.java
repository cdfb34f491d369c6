package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.ApiFailure;

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

  /** What the CLI says when the API refused a call or gave no answer: {@link ApiFailure#explanation()}. */
  static CliFailure from(ApiFailure failure) {
    return new CliFailure(failure.explanation());
  }

  int exitCode() {
    return exitCode;
  }
}
