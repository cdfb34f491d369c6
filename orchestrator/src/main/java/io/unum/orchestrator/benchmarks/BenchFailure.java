package io.unum.orchestrator.benchmarks;

/**
 * A benchmark that could not go on, with a message that says what to do next; {@code unum bench}
 * reports it as the CLI's one-line failure.
 */
public final class BenchFailure extends RuntimeException {
  public BenchFailure(String message) {
    super(message);
  }
}
