package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.LineStream;
import io.unum.orchestrator.client.UnumClient;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum events}: follows the cluster's event stream (SSE) until interrupted. When the
 * connection drops it reconnects and resumes after the last event it printed, like a browser's
 * EventSource, so nothing is missed or printed twice.
 */
@Command(name = "events", description = "Follow the cluster's events: host, node and job changes.")
final class EventsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());
  private static final long RECONNECT_MILLIS = 1000;
  /** A host's state moves, each named by the state it moved to. */
  private static final Set<String> HOST_STATES = Set.of("host.up", "host.suspect", "host.down", "host.left");

  @ParentCommand
  UnumCli cli;

  @Option(names = "--since", paramLabel = "ID", description = "Start with this event id (0: all still kept);"
      + " default: only new events.")
  Long since;

  @Option(names = "--types", paramLabel = "LIST", description = "Comma-separated types or families, e.g. node,job.failed.")
  String types;

  @Option(names = {"-o", "--output"}, description = "text or json (one event per line).", defaultValue = "text")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliFailure("-o must be text or json, got '" + format + "'");
    }
    UnumClient client = cli.client();
    AtomicLong last = new AtomicLong(since == null ? -1 : since - 1);
    boolean resumed = since != null;
    while (true) {
      try (LineStream events = client.events(types, resumed ? Math.max(last.get(), -1) : null)) {
        for (String line = events.readLine(); line != null; line = events.readLine()) {
          print(client, line, last);
        }
      } catch (ApiFailure e) {
        CliFailure failure = CliFailure.from(e);
        // A refusal (a revoked token, a bad --types) stays one: only a lost connection is retried.
        if (e instanceof ApiException refused && refused.status() < 500 || last.get() < 0 && !resumed) {
          throw failure;
        }
        System.err.println("unum: " + failure.getMessage() + "; reconnecting");
      }
      resumed = true;
      Thread.sleep(RECONNECT_MILLIS);
    }
  }

  private void print(UnumClient client, String line, AtomicLong last) {
    if (line.startsWith("id: ")) {
      last.set(Long.parseLong(line.substring(4).strip()));
      return;
    }
    if (!line.startsWith("data: ")) {
      return;
    }
    String data = line.substring(6);
    if (format.equals("json")) {
      System.out.println(data);
      return;
    }
    try {
      JsonNode event = client.json().readTree(data);
      if (!event.has("type")) {
        System.out.println("(some events were no longer kept: " + data + ")");
        return;
      }
      System.out.printf("%s %6d %-14s %-18s %s%n", TIME.format(Instant.ofEpochMilli(event.path("timeMillis").asLong())),
          event.path("id").asLong(), event.path("type").asText(), event.path("subject").asText(),
          summary(event.path("type").asText(), event.path("data")));
    } catch (Exception e) {
      System.out.println(data);
    }
  }

  static String summary(String type, JsonNode data) {
    if (type.equals("node.state") || HOST_STATES.contains(type)) {
      String from = data.hasNonNull("from") ? data.get("from").asText() : "(new)";
      String summary = from + " -> " + data.path("to").asText();
      if (data.hasNonNull("host") && type.equals("node.state") && !data.get("host").asText().isEmpty()) {
        summary += " on " + data.get("host").asText();
      }
      return data.hasNonNull("error") ? summary + ": " + data.get("error").asText() : summary;
    }
    if (type.startsWith("job.")) {
      String summary = data.path("kind").asText() + " node " + data.path("node").asInt() + " "
          + data.path("percent").asInt() + "% " + data.path("phase").asText();
      return data.hasNonNull("error") ? summary + ": " + data.get("error").asText() : summary;
    }
    return data.toString();
  }
}
