package io.unum.orchestrator.client;

/**
 * A call to the cluster that did not succeed: refused (by the API, or in-process by the host's
 * services), or never answered.
 */
public abstract sealed class ApiFailure extends RuntimeException
    permits ApiException, ApiUnreachableException, CallRefusedException {
  ApiFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * What to tell a person when the API refused a call or gave no answer, with what to do next where
   * it can tell: what the CLI's failures and the benchmarks' reports both say. (Who needs the status
   * asks the ApiException.)
   */
  public abstract String explanation();
}
