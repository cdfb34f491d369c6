package io.unum.orchestrator.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/** No answer from the API at a base URL: refused, broken off or past its deadline (the cause says which). */
public final class ApiUnreachableException extends ApiFailure {
  private final String base;

  public ApiUnreachableException(String base, IOException cause) {
    super(cause instanceof ConnectException ? "no orchestrator answers at " + base
        : "talking to the orchestrator at " + base + " failed: " + cause.getMessage(), cause);
    this.base = base;
  }

  /** The base URL that did not answer. */
  public String base() {
    return base;
  }

  /** Whether nothing accepted the connection: no orchestrator runs there (or not yet). */
  public boolean refused() {
    return getCause() instanceof ConnectException;
  }

  /** Whether the call was cut short because its thread was interrupted (not a timeout). */
  public boolean interrupted() {
    return getCause() instanceof InterruptedIOException && !(getCause() instanceof SocketTimeoutException);
  }

  /** Nothing there: start an orchestrator; else why the call went unanswered. */
  @Override
  public String explanation() {
    if (refused()) {
      return "no orchestrator answers at " + base + "; start one with './unum up'";
    }
    return interrupted() ? "interrupted" : getMessage();
  }

  @Override
  public synchronized IOException getCause() {
    return (IOException) super.getCause();
  }
}
