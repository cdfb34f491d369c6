package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The cluster's processes: the table, signals, and programs run where the load is lowest. */
public final class ProcessesClient {
  /** Who sends a signal, for the target to check as kill(2) would. */
  public record Sender(long uid, long euid, boolean capKill) {}

  private final ApiTransport transport;

  ProcessesClient(ApiTransport transport) {
    this.transport = transport;
  }

  /** The table: of {@code node} (null: every node), with kernel threads when {@code kernel}. */
  public JsonNode list(Integer node, boolean kernel) {
    return transport.get(ApiPaths.PROCESSES + ApiPaths.query("node", node, "kernel", kernel ? "true" : null));
  }

  /**
   * Sends {@code signal} to process {@code pid} wherever it runs; {@code sender} null: no
   * permission check (the caller is an operator).
   */
  public JsonNode signal(long pid, int signal, Sender sender) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("signal", signal);
    if (sender != null) {
      body.put("uid", sender.uid());
      body.put("euid", sender.euid());
      body.put("capKill", sender.capKill());
    }
    return transport.post(ApiPaths.processSignal(pid), body);
  }

  /**
   * Runs {@code argv} on {@code node} (null: the least-loaded); every NDJSON event of the run
   * (started, output, exit, error) goes to {@code onEvent}.
   */
  public void run(Integer node, List<String> argv, Consumer<String> onEvent) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("argv", argv);
    Requests.putIfSet(body, "node", node);
    transport.stream("POST", ApiPaths.PROCESSES, body, Map.of(), onEvent);
  }
}
