package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.processes.NodeSignals;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hosts in every state, with how long they went unheard, answer as the contract declares. */
class HostsContractTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, Duration> SILENCE = Map.of("up", Duration.ofMillis(1500),
      "slow", Duration.ofMillis(5200), "suspect", Duration.ofMillis(4200), "down", Duration.ofSeconds(40),
      "left", Duration.ofSeconds(100));

  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private ApiServer api;

  @BeforeEach
  void start() {
    MemoryEventLog events = new MemoryEventLog();
    NodeSignals signals = (node, pid, signal, sender) -> { };
    LoopbackApi.Services base = LoopbackApi.Services.over(dir, store, new InMemoryProcessStore(), signals, events);
    HostService hosts = new HostService(store, store, () -> true, host -> Optional.ofNullable(SILENCE.get(host)));
    api = LoopbackApi.start(new LoopbackApi.Services(base.nodes(), hosts, base.processes(), base.jobs(),
        base.services(), base.benchReports()), events, new MemoryAuditLog(), access, metrics);
    host("up", HostState.UP);
    host("slow", HostState.UP); // the leader is the silent one: no one wrote a verdict yet
    host("suspect", HostState.SUSPECT);
    host("down", HostState.DOWN);
    host("left", HostState.LEFT);
    host("unseen", HostState.SUSPECT);
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private void host(String name, HostState state) {
    HostInfo info = new HostInfo(name, 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.1", name + ":7070", "k",
        "i", 0, true, null, 10);
    store.updateHost(name, h -> new HostStatus(info, "m-" + name, state, 1, 0));
  }

  @Test
  void theListingCarriesStateAndSilenceAndIsWhatTheContractDeclares() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
        + "/api/v1/hosts")).timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);

    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = ApiContract.load(vertx, ApiContract.document());
      ValidatableResponse answer = ValidatableResponse.create(200, Buffer.buffer(response.body()),
          "application/json");
      ResponseValidator.create(vertx, contract).validate(answer, "listHosts")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }

    JsonNode hosts = new ObjectMapper().readTree(response.body());
    Map<String, JsonNode> byName = new TreeMap<>();
    hosts.forEach(h -> byName.put(h.path("name").asText(), h));
    assertThat(byName.get("suspect").path("state").asText()).isEqualTo("suspect");
    assertThat(byName.get("suspect").path("lastHeardSecondsAgo").asLong()).isEqualTo(4);
    assertThat(byName.get("down").path("lastHeardSecondsAgo").asLong()).isEqualTo(40);
    assertThat(byName.get("slow").path("lastHeardSecondsAgo").asLong()).as("up, but unheard past 3 s").isEqualTo(5);
    assertThat(byName.get("up").path("lastHeardSecondsAgo").isNull()).as("heard").isTrue();
    assertThat(byName.get("left").path("lastHeardSecondsAgo").isNull()).as("it said goodbye").isTrue();
    assertThat(byName.get("unseen").path("lastHeardSecondsAgo").isNull()).as("never seen here").isTrue();
  }
}
