package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Consumer;

/** The cluster's services: their specs, restarts and logs. */
public final class ServicesClient {
  private final ApiTransport transport;

  ServicesClient(ApiTransport transport) {
    this.transport = transport;
  }

  public JsonNode list() {
    return transport.get(ApiPaths.SERVICES);
  }

  public JsonNode get(String name) {
    return transport.get(ApiPaths.service(name));
  }

  /** Declares a service; {@code spec} is the API's ServiceSpec (name, command, runLevels, ...). */
  public JsonNode create(Map<String, ?> spec) {
    return transport.post(ApiPaths.SERVICES, spec);
  }

  /** Replaces a service's whole spec (what it leaves out takes its default); its instances restart. */
  public JsonNode replace(String name, Map<String, ?> spec) {
    return transport.put(ApiPaths.service(name), spec);
  }

  /** Restarts every instance, with cleared restart counts. */
  public JsonNode restart(String name) {
    return transport.post(ApiPaths.serviceRestart(name), null);
  }

  public JsonNode delete(String name) {
    return transport.delete(ApiPaths.service(name));
  }

  /**
   * Hands each NDJSON line of a service's log to {@code onLine}: the last {@code tail} lines (null:
   * the API's default) of {@code node} (null: all), then new ones until interrupted when {@code follow}.
   */
  public void logs(String name, Integer tail, boolean follow, Integer node, Consumer<String> onLine) {
    transport.stream("GET", ApiPaths.serviceLogs(name) + ApiPaths.query("tail", tail, "follow", follow ? Boolean.TRUE : null,
        "node", node), null, Map.of("Accept", "application/x-ndjson"), onLine);
  }
}
