package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The API answered with an error status (4xx, 5xx), usually with an RFC 9457 problem. */
public final class ApiException extends ApiFailure {
  private final int status;
  private final JsonNode problem;

  /** @param problem the problem+json answer; null or a missing node when the answer was not JSON */
  public ApiException(int status, JsonNode problem) {
    super(detailOf(status, problem), null);
    this.status = status;
    this.problem = problem == null ? MissingNode.getInstance() : problem;
  }

  private static String detailOf(int status, JsonNode problem) {
    return problem == null ? "HTTP " + status : problem.path("detail").asText("HTTP " + status);
  }

  public int status() {
    return status;
  }

  /** The problem's detail; "HTTP {status}" when the answer had none. */
  public String detail() {
    return getMessage();
  }

  /** The detail; for a missing or refused credential, also where the CLI looks for one. */
  @Override
  public String explanation() {
    return status == 401 ? detail() + " (the CLI shows $UNUM_TOKEN, the file $UNUM_TOKEN_FILE or"
        + " ~/.config/unum/token; root on a host uses /etc/unum/admin-token)" : detail();
  }

  /** The problem as the API sent it (title, type, further members); a missing node when not JSON. */
  public JsonNode problem() {
    return problem;
  }
}
