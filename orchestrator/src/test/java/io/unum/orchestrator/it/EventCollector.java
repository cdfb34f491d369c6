package io.unum.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.LineStream;
import java.util.ArrayList;
import java.util.List;

/** Reads an orchestrator's SSE event stream on a thread of its own and keeps every event. */
final class EventCollector implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<JsonNode> events = new ArrayList<>();
  private final Thread reader;
  private volatile boolean open;

  /** Starts following {@code base}'s stream of node and job events, from the next change on. */
  EventCollector(Api api) throws Exception {
    this(api, "node,job");
  }

  /** Starts following {@code base}'s stream of {@code types} (comma-separated), from the next change on. */
  EventCollector(Api api, String types) throws Exception {
    LineStream lines;
    try {
      lines = api.events(types);
    } catch (ApiException e) {
      throw new AssertionError("event stream answered " + e.status(), e);
    }
    // The first line says the stream is open: from here on no change is missed.
    String hello = lines.readLine();
    if (hello == null || !hello.startsWith(": unum events from")) {
      throw new AssertionError("event stream did not open: " + hello);
    }
    open = true;
    reader = new Thread(() -> read(lines), "sse-" + api.base());
    reader.setDaemon(true);
    reader.start();
  }

  private void read(LineStream lines) {
    try (lines) {
      for (String line = lines.readLine(); line != null && open; line = lines.readLine()) {
        if (line.startsWith("data: ")) {
          JsonNode event = JSON.readTree(line.substring(6));
          synchronized (events) {
            events.add(event);
          }
        }
      }
    } catch (Exception e) {
      // Closed by close(), or the orchestrator went away: the events so far stay.
    }
  }

  /** Every event so far, in the order delivered. */
  List<JsonNode> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The types of the events about {@code subject}, in the order delivered. */
  List<String> typesOf(String subject) {
    return events().stream().filter(e -> e.path("subject").asText().equals(subject))
        .map(e -> e.path("type").asText() + (e.path("type").asText().equals("node.state")
            ? ":" + e.path("data").path("to").asText() : ""))
        .toList();
  }

  @Override
  public void close() {
    open = false;
    reader.interrupt();
  }
}
