package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Machine;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.bench.ReportWriter;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console reads the newest benchmark report of its host, as the contract declares it. */
class BenchReportRouteTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private ApiServer api;

  @BeforeEach
  void start() {
    api = LoopbackApi.start(dir, new InMemoryClusterStore(), new MemoryEventLog(), new MemoryAuditLog(), access, metrics);
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private HttpResponse<String> latest() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/bench/latest"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutReportTheAnswerSaysHowToMakeOne() throws Exception {
    HttpResponse<String> none = latest();
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("No benchmark report", "unum bench all");
  }

  @Test
  void theNewestReportIsServedAsTheContractDeclaresIt() throws Exception {
    Instant started = Instant.parse("2026-12-07T09:30:00Z");
    BenchReport report = new BenchReport("unum bench all", "unum 0.1.0", started.toEpochMilli(), 60,
        new Machine("cpu", 2, 2048, "6.1", "QEMU 10", "libvirt 11", "tcg"),
        List.of(new BenchResult("api", "2 lab hosts", List.of(
            Figure.lower("GET /api/v1/nodes p99", 12.5, "ms").beside("static document (floor)", 3.1).aiming(20),
            Figure.lower("unum nodes", 0.38, "s")))), List.of());
    ReportWriter.write(report, ReportShelf.under(dir).folderFor(started));

    HttpResponse<String> response = latest();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("GET /api/v1/nodes p99", "static document (floor)");
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = ApiContract.load(vertx, ApiContract.document());
      ResponseValidator.create(vertx, contract).validate(ValidatableResponse.create(200,
              Buffer.buffer(response.body()), "application/json"), "getLatestBenchReport")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
  }
}
