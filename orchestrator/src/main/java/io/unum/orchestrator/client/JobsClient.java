package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The jobs of the API: what a long action (start, migrate, run level) is doing. */
public final class JobsClient {
  private final ApiTransport transport;

  JobsClient(ApiTransport transport) {
    this.transport = transport;
  }

  /** The jobs of {@code node} in {@code state}; null: any. */
  public JsonNode list(Integer node, String state) {
    return transport.get(ApiPaths.JOBS + ApiPaths.query("node", node, "state", state));
  }

  public JsonNode get(String id) {
    return transport.get(ApiPaths.job(id));
  }

  /** A job; empty when the API does not know it (yet, on a host that lags, or any more). */
  public Optional<JsonNode> find(String id) {
    return transport.find(ApiPaths.job(id));
  }

  public JsonNode cancel(String id) {
    return transport.post(ApiPaths.jobCancel(id), null);
  }
}
