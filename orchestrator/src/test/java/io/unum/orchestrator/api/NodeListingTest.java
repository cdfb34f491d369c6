package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node listing's pages (limit, after, Link rel="next") and its gzip form. */
class NodeListingTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NODES = 120;

  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private ApiServer api;

  @BeforeEach
  void start() {
    api = LoopbackApi.start(dir, store, new MemoryEventLog(), new MemoryAuditLog(), access, metrics);
    for (int node = 1; node <= NODES; node++) {
      store.createSpec(NodeSpec.withDefaults(node).withLabels(Map.of("tier", node % 2 == 0 ? "even" : "odd")));
    }
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer());
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static List<Integer> numbers(byte[] json) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (JsonNode node : JSON.readTree(json)) {
      numbers.add(node.path("node").asInt());
    }
    return numbers;
  }

  @Test
  void pagesFollowTheirLinksThroughEveryMatchingNodeOnceInOrder() throws Exception {
    List<Integer> seen = new ArrayList<>();
    String next = "/api/v1/nodes?label=tier%3Deven&limit=25";
    int pages = 0;
    while (next != null) {
      HttpResponse<byte[]> page = get(next, Map.of());
      assertThat(page.statusCode()).as(next).isEqualTo(200);
      List<Integer> numbers = numbers(page.body());
      assertThat(numbers.size()).isLessThanOrEqualTo(25);
      seen.addAll(numbers);
      pages++;
      next = page.headers().firstValue("Link").map(link -> {
        assertThat(link).matches("<[^>]+>; rel=\"next\"");
        return link.substring(1, link.indexOf('>'));
      }).orElse(null);
      if (next != null) {
        assertThat(next).contains("label=tier%3Deven").contains("limit=25")
            .contains("after=" + numbers.get(numbers.size() - 1));
      }
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(NODES / 2).isSorted().allMatch(node -> node % 2 == 0);
  }

  @Test
  void aLimitThatCoversEveryNodeNamesNoNextPageAndAfterAloneSkips() throws Exception {
    HttpResponse<byte[]> all = get("/api/v1/nodes?limit=" + NODES, Map.of());
    assertThat(numbers(all.body())).hasSize(NODES);
    assertThat(all.headers().firstValue("Link")).isEmpty();

    assertThat(numbers(get("/api/v1/nodes?after=115", Map.of()).body())).containsExactly(116, 117, 118, 119, 120);
  }

  @Test
  void aPageOutOfRangeIsRefusedByName() throws Exception {
    HttpResponse<byte[]> refused = get("/api/v1/nodes?limit=0", Map.of());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new String(refused.body())).contains("limit");
  }

  @Test
  void aClientThatAcceptsGzipGetsTheListingGzippedWithATagOfItsOwn() throws Exception {
    HttpResponse<byte[]> plain = get("/api/v1/nodes", Map.of());
    HttpResponse<byte[]> zipped = get("/api/v1/nodes", Map.of("Accept-Encoding", "gzip, deflate"));

    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(zipped.body().length).isLessThan(plain.body().length / 5);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain.body());
    }
    String tag = zipped.headers().firstValue("ETag").orElseThrow();
    assertThat(tag).isNotEqualTo(plain.headers().firstValue("ETag").orElseThrow());
    assertThat(get("/api/v1/nodes", Map.of("Accept-Encoding", "gzip", "If-None-Match", tag)).statusCode())
        .isEqualTo(304);

    HttpResponse<byte[]> small = get("/api/v1/nodes/1", Map.of("Accept-Encoding", "gzip"));
    assertThat(small.headers().firstValue("Content-Encoding")).as("too small to be worth it").isEmpty();
  }
}
