package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hosts of the API: their list, maintenance and drain. */
public final class HostsClient {
  private final ApiTransport transport;

  HostsClient(ApiTransport transport) {
    this.transport = transport;
  }

  public JsonNode list() {
    return transport.get(ApiPaths.HOSTS);
  }

  public JsonNode get(String host) {
    return transport.get(ApiPaths.host(host));
  }

  /** Puts a host in maintenance (no new nodes go to it) or takes it out; {@code reason}: null for none. */
  public JsonNode maintenance(String host, boolean enabled, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enabled", enabled);
    Requests.putIfSet(body, "reason", reason);
    return transport.put(ApiPaths.hostMaintenance(host), body);
  }

  /** Maintenance on, and the host's running nodes live-migrated away: the jobs, and the nodes that stay. */
  public JsonNode drain(String host) {
    return transport.post(ApiPaths.hostDrain(host), null);
  }
}
