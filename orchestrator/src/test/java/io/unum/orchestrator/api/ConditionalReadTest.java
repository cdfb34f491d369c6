package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that polls a listing gets 304 and no body while it has not changed. */
class ConditionalReadTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private ApiServer api;

  @BeforeEach
  void start() {
    api = LoopbackApi.start(dir, store, new MemoryEventLog(), new MemoryAuditLog(), access, metrics);
    store.createSpec(NodeSpec.withDefaults(1));
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer());
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anUnchangedListingIsNotModifiedAndAChangedOneComesWhole() throws Exception {
    HttpResponse<String> first = get("/api/v1/nodes", null);
    String tag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

    HttpResponse<String> again = get("/api/v1/nodes", tag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(tag);

    store.createSpec(NodeSpec.withDefaults(2));
    HttpResponse<String> changed = get("/api/v1/nodes", tag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("\"node\":2");
    assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(tag);
  }

  @Test
  void oneNodeIsTaggedTooAndAWriteIsNot() throws Exception {
    HttpResponse<String> node = get("/api/v1/nodes/1", null);
    assertThat(get("/api/v1/nodes/1", node.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(304);

    HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
            + "/api/v1/services")).timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\": \"ticker\", \"command\": [\"sleep\", \"300\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).as(write.body()).isEqualTo(201);
    assertThat(write.headers().firstValue("ETag")).isEmpty();
  }
}
