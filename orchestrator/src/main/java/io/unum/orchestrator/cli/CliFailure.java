package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.client.CallRefusedException;

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

  /**
   * What the CLI says when the API refused a call or gave no answer, with what to do next where it
   * can tell: the one place these words are chosen. (Who needs the status asks the ApiException.)
   */
  static CliFailure from(ApiFailure failure) {
    if (failure instanceof ApiException refused) {
      if (refused.status() == 401) {
        return new CliFailure(refused.detail() + " (the CLI shows $UNUM_TOKEN, the file $UNUM_TOKEN_FILE or"
            + " ~/.config/unum/token; root on a host uses /etc/unum/admin-token)");
      }
      return new CliFailure(refused.detail());
    }
    if (failure instanceof CallRefusedException refused) {
      return new CliFailure(refused.getMessage());
    }
    ApiUnreachableException silent = (ApiUnreachableException) failure;
    if (silent.refused()) {
      return new CliFailure("no orchestrator answers at " + silent.base() + "; start one with './unum up'");
    }
    return new CliFailure(silent.interrupted() ? "interrupted" : silent.getMessage());
  }

  int exitCode() {
    return exitCode;
  }
}
