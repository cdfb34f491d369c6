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
   * it can tell: the one place these words are chosen, for the CLI's failures and the benchmarks'
   * reports alike. (Who needs the status asks the ApiException.)
   */
  public String explanation() {
    if (this instanceof ApiException refused) {
      if (refused.status() == 401) {
        return refused.detail() + " (the CLI shows $UNUM_TOKEN, the file $UNUM_TOKEN_FILE or"
            + " ~/.config/unum/token; root on a host uses /etc/unum/admin-token)";
      }
      return refused.detail();
    }
    if (this instanceof CallRefusedException refused) {
      return refused.getMessage();
    }
    ApiUnreachableException silent = (ApiUnreachableException) this;
    if (silent.refused()) {
      return "no orchestrator answers at " + silent.base() + "; start one with './unum up'";
    }
    return silent.interrupted() ? "interrupted" : silent.getMessage();
  }
}
