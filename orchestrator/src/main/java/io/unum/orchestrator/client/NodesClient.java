package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The nodes of the API: their specs, life cycle (as jobs), console and exec. */
public final class NodesClient {
  private final ApiTransport transport;

  NodesClient(ApiTransport transport) {
    this.transport = transport;
  }

  public JsonNode list() {
    return transport.get(ApiPaths.NODES);
  }

  /** The nodes in {@code state} on {@code host} matching the label selector {@code label}; null: any. */
  public JsonNode list(String state, String host, String label) {
    return transport.get(ApiPaths.NODES + ApiPaths.query("state", state, "host", host, "label", label));
  }

  /** One node; an {@link ApiException} 404 when there is none. */
  public JsonNode get(int node) {
    return transport.get(ApiPaths.node(node));
  }

  /** One node; empty when there is none. */
  public Optional<JsonNode> find(int node) {
    return transport.find(ApiPaths.node(node));
  }

  public JsonNode create(NewNode node) {
    return transport.post(ApiPaths.NODES, node.body());
  }

  /**
   * Changes a node's size or labels; null: unchanged. A label mapped to null is removed. Returns
   * the node and what waits for its next boot.
   */
  public JsonNode update(int node, Integer cpus, Integer memoryMiB, Map<String, String> labels) {
    Map<String, Object> body = new LinkedHashMap<>();
    Requests.putIfSet(body, "cpus", cpus);
    Requests.putIfSet(body, "memoryMiB", memoryMiB);
    if (labels != null && !labels.isEmpty()) {
      body.put("labels", labels);
    }
    return transport.patch(ApiPaths.node(node), body);
  }

  /** Removes a node: its domain destroyed, its disk and spec deleted. */
  public JsonNode delete(int node) {
    return transport.delete(ApiPaths.node(node));
  }

  /** Starts the job that boots the node ({@code idempotencyKey}: null for none). */
  public JsonNode start(int node, String idempotencyKey) {
    return transport.post(ApiPaths.nodeAction(node, "start"), null, Requests.idempotency(idempotencyKey));
  }

  /** Starts the job that powers the node off cleanly. */
  public JsonNode stop(int node, String idempotencyKey) {
    return transport.post(ApiPaths.nodeAction(node, "stop"), null, Requests.idempotency(idempotencyKey));
  }

  /** Starts the job that stops the node, then starts it. */
  public JsonNode reboot(int node, String idempotencyKey) {
    return transport.post(ApiPaths.nodeAction(node, "reboot"), null, Requests.idempotency(idempotencyKey));
  }

  /** Starts the job that live-migrates the node to {@code to}. */
  public JsonNode migrate(int node, String to) {
    return migrate(node, to, null, null, null, null);
  }

  /**
   * Starts the job that live-migrates the node: to {@code to} (null: where the balancer's
   * placement says), within {@code maxDowntimeMillis} and {@code bandwidthMiBps} (null: the
   * balancer settings'; bandwidth 0: no limit), over {@code transport} (null: the default).
   */
  public JsonNode migrate(int node, String to, Long maxDowntimeMillis, Long bandwidthMiBps, String transport,
      String idempotencyKey) {
    Map<String, Object> body = new LinkedHashMap<>();
    Requests.putIfSet(body, "to", to);
    Requests.putIfSet(body, "maxDowntimeMillis", maxDowntimeMillis);
    Requests.putIfSet(body, "bandwidthMiBps", bandwidthMiBps);
    Requests.putIfSet(body, "transport", transport);
    return this.transport.post(ApiPaths.nodeAction(node, "migrate"), body, Requests.idempotency(idempotencyKey));
  }

  /** The last {@code lines} lines of the node's console. */
  public JsonNode console(int node, int lines) {
    return transport.get(ApiPaths.nodeConsole(node, lines));
  }

  /** Runs {@code argv} on the node through its agent; every NDJSON event of the run goes to {@code onEvent}. */
  public void exec(int node, List<String> argv, Consumer<String> onEvent) {
    transport.stream("POST", ApiPaths.nodeAction(node, "exec"), Map.of("argv", argv), Map.of(), onEvent);
  }
}
