package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.metrics.ClusterGauges;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import io.unum.orchestrator.testing.PrometheusText;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real API server on a loopback port, over an in-memory store: requests are counted by
 * operation id, method and status, and {@code GET /metrics} serves them in the Prometheus format.
 */
class MetricsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final Metrics metrics = new Metrics();
  private final TestAccess access = TestAccess.create();
  private ApiServer api;

  @BeforeEach
  void start() {
    metrics.register(new ClusterGauges(store, () -> 1));
    // Only reads and refused requests are driven here: none reaches the controller or the
    // control plane, so neither exists.
    api = LoopbackApi.start(dir, store, new MemoryEventLog(), new MemoryAuditLog(), access, metrics);
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer())
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Scrapes until {@code ready} holds: a request is recorded when its answer has ended, which
   * the server may finish just after the client has read it.
   */
  private PrometheusText scrapeUntil(Predicate<PrometheusText> ready) {
    return Await.value("a scrape of /metrics that shows it", Duration.ofSeconds(5), () -> {
      HttpResponse<String> response;
      try {
        response = send("GET", "/metrics");
      } catch (Exception e) {
        throw new AssertionError("GET /metrics failed: " + e.getMessage(), e);
      }
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return Optional.of(PrometheusText.parse(response.body())).filter(ready);
    });
  }

  private static double requests(PrometheusText text, String operation, String status) {
    return text.has("unum_api_requests_total", "operation", operation, "status", status)
        ? text.value("unum_api_requests_total", "operation", operation, "status", status) : 0;
  }

  @Test
  void threeRequestsOfAnOperationCountThreeUnderItsOperationId() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertThat(send("GET", "/api/v1/nodes").statusCode()).isEqualTo(200);
    }
    // HTTP/1.1 too: the client above upgrades to HTTP/2 (h2c), whose ends Vert.x reports otherwise.
    HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> third = http1.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + api.port() + "/api/v1/nodes")).header("Authorization", access.bearer()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.version()).isEqualTo(HttpClient.Version.HTTP_1_1);

    PrometheusText text = scrapeUntil(t -> requests(t, "listNodes", "200") >= 3);

    assertThat(text.value("unum_api_requests_total", "operation", "listNodes", "method", "GET",
        "status", "200")).isEqualTo(3);
    assertThat(text.value("unum_api_request_duration_seconds_count", "operation", "listNodes",
        "method", "GET", "status", "200")).isEqualTo(3);
    assertThat(text.value("unum_api_request_duration_seconds_bucket", "operation", "listNodes",
        "le", "10.0")).isEqualTo(3);
  }

  @Test
  void refusedAndUnroutedRequestsAreLabelledByOperationOrUnmatchedNeverByPath() throws Exception {
    assertThat(send("GET", "/api/v1/nodes/7").statusCode()).as("no such node").isEqualTo(404);
    assertThat(send("GET", "/api/v1/nodes/4096").statusCode()).as("refused by the contract").isEqualTo(400);
    assertThat(send("GET", "/api/v1/no-such-thing").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/somewhere/else").statusCode()).isEqualTo(404);

    PrometheusText text = scrapeUntil(t -> requests(t, "unmatched", "404") >= 2
        && requests(t, "getNode", "404") >= 1 && requests(t, "getNode", "400") >= 1);

    assertThat(requests(text, "getNode", "404")).isEqualTo(1);
    assertThat(requests(text, "getNode", "400")).isEqualTo(1);
    assertThat(requests(text, "unmatched", "404")).isEqualTo(2);
    assertThat(text.samples("unum_api_requests_total"))
        .as("no label carries a path").allSatisfy(s -> assertThat(s.labels().values())
            .noneMatch(v -> v.contains("/")));
  }

  @Test
  void aPathTheRouterServesIsCountedUnderItsOperationHoweverItIsSpelled() throws Exception {
    for (String path : new String[] {"/api/v1/nodes/", "//api/v1/nodes", "/api/v1/nodes?lines=1"}) {
      assertThat(send("GET", path).statusCode()).as(path).isEqualTo(200);
    }

    PrometheusText text = scrapeUntil(t -> requests(t, "listNodes", "200") >= 3);

    assertThat(requests(text, "listNodes", "200")).isEqualTo(3);
    assertThat(text.has("unum_api_requests_total", "operation", "unmatched")).isFalse();
  }

  @Test
  void metricsAreServedAsPrometheusTextAndScrapesCountThemselves() throws Exception {
    HttpResponse<String> first = send("GET", "/metrics");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(first.body()).contains("# TYPE unum_nodes gauge");

    PrometheusText text = scrapeUntil(t -> requests(t, "getMetrics", "200") >= 1);
    assertThat(requests(text, "getMetrics", "200")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void clusterGaugesFollowTheStoreAtEachScrape() throws Exception {
    store.createSpec(NodeSpec.withDefaults(1));
    store.updateStatus(1, s -> NodeStatus.initial(1, NodeState.RUNNING, "host-a", "unum-node1",
        null, null, System.currentTimeMillis()));
    store.updateStatus(2, s -> NodeStatus.initial(2, NodeState.FAILED, "host-a", "unum-node2",
        null, null, System.currentTimeMillis()));

    PrometheusText text = scrapeUntil(t -> true);

    assertThat(text.value("unum_nodes", "state", "running")).isEqualTo(1);
    assertThat(text.value("unum_nodes", "state", "failed")).isEqualTo(1);
    assertThat(text.value("unum_nodes", "state", "stopped")).isZero();
    assertThat(text.value("unum_control_plane_members")).isEqualTo(1);
  }

  @Test
  void theMetricsAnswerIsWhatTheContractDeclares() throws Exception {
    // As ContractIT checks every read of the document against a running daemon.
    HttpResponse<String> response = send("GET", "/metrics");
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    assertThat(ApiContract.document().getJsonObject("paths").getJsonObject("/metrics")
        .getJsonObject("get").getJsonObject("responses").getJsonObject("200")
        .getJsonObject("content").fieldNames()).containsExactly(contentType);

    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = ApiContract.load(vertx, ApiContract.document());
      ValidatableResponse answer = ValidatableResponse.create(response.statusCode(),
          Buffer.buffer(response.body()), ApiContract.validatorMediaType(contentType));
      ResponseValidator.create(vertx, contract).validate(answer, "getMetrics")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
  }
}
