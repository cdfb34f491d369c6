package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSE route on a real server over an in-memory event log: resume, filter, live, gaps. */
class EventStreamTest {
  @TempDir
  Path dir;

  private final MemoryEventLog events = new MemoryEventLog();
  private final Metrics metrics = new Metrics();
  private final TestAccess access = TestAccess.create();
  private ApiServer api;

  @BeforeEach
  void start() {
    api = LoopbackApi.start(dir, new InMemoryClusterStore(), events, new MemoryAuditLog(), access, metrics);
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private void publish(String type, int node) {
    events.publish(Event.of(type, "node/" + node, Map.of("node", node)));
  }

  /** Opens the stream and returns its lines as they come. */
  private BufferedReader open(String query, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
        + "/api/v1/events" + query)).timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer());
    headers.forEach(request::header);
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  /** The next {@code count} events as "id type" (skipping comments and data lines). */
  private static List<String> next(BufferedReader lines, int count) throws Exception {
    List<String> seen = new ArrayList<>();
    String id = null;
    while (seen.size() < count) {
      String line = lines.readLine();
      assertThat(line).as("the stream ended early after %s", seen).isNotNull();
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        seen.add((id == null ? "-" : id) + " " + line.substring(7));
        id = null;
      }
    }
    return seen;
  }

  @Test
  void aClientResumesAfterItsLastEventIdAndGetsNewEventsLive() throws Exception {
    publish("node.created", 1);
    publish("node.state", 1);
    publish("node.removed", 1);
    try (BufferedReader lines = open("", Map.of("Last-Event-ID", "0"))) {
      assertThat(next(lines, 2)).containsExactly("1 node.state", "2 node.removed");
      publish("node.created", 2);
      assertThat(next(lines, 1)).as("delivered as it happens").containsExactly("3 node.created");
    }
  }

  @Test
  void typesFilterByFamilyOrExactType() throws Exception {
    publish("node.created", 1);
    events.publish(Event.of("job.queued", "job/j-1", Map.of()));
    publish("node.state", 1);
    events.publish(Event.of("host.down", "host/a", Map.of()));
    try (BufferedReader lines = open("?since=0&types=job,node.state", Map.of())) {
      assertThat(next(lines, 2)).containsExactly("1 job.queued", "2 node.state");
    }
  }

  @Test
  void eventsNoLongerKeptAreAnnouncedAsAGap() throws Exception {
    for (int i = 0; i < 5; i++) {
      publish("node.state", i + 1);
    }
    events.forgetBefore(3);
    try (BufferedReader lines = open("?since=1", Map.of())) {
      assertThat(next(lines, 3)).containsExactly("- gap", "3 node.state", "4 node.state");
    }
  }

  @Test
  void withoutAStartOnlyNewEventsCome() throws Exception {
    publish("node.created", 1);
    try (BufferedReader lines = open("", Map.of())) {
      assertThat(lines.readLine()).isEqualTo(": unum events from 1");
      publish("node.removed", 1);
      assertThat(next(lines, 1)).containsExactly("1 node.removed");
    }
  }
}
