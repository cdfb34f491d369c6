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
}
