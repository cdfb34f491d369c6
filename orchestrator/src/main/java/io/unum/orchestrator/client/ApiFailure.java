package io.unum.orchestrator.client;

/** A call to the API that did not succeed: refused by it, or never answered. */
public abstract sealed class ApiFailure extends RuntimeException permits ApiException, ApiUnreachableException {
  ApiFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
