package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab tests' Api keeps its shape over the one client: every status back, the credential as asked. */
class ApiTest {
  private HttpServer server;
  private final Map<String, String[]> answers = new ConcurrentHashMap<>();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private Api api;

  @BeforeEach
  void start(@TempDir Path dir) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    Path token = dir.resolve("admin-token");
    Files.writeString(token, "admin-secret\n");
    api = new Api("http://127.0.0.1:" + server.getAddress().getPort(), token);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(String method, String target, int status, String body) {
    answers.put(method + " " + target, new String[] {String.valueOf(status), body});
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getPath().equals("/api/v1/events")) {
      received.add("GET " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Accept"));
      exchange.sendResponseHeaders(200, 0); // chunked, and left open as an event stream is
      exchange.getResponseBody().write((": unum events from 0\n\nid: 1\ndata: {\"type\":\"node.state\","
          + "\"subject\":\"node 1\",\"data\":{\"to\":\"running\"}}\n\n").getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      return;
    }
    try (exchange) {
      String target = exchange.getRequestMethod() + " " + exchange.getRequestURI();
      received.add(target + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String[] answer = answers.getOrDefault(target, new String[] {"404", "{\"status\":404,\"detail\":\"no\"}"});
      byte[] body = answer[1].getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Test
  void everyVerbHandsBackItsStatusAndBody() {
    answer("GET", "/api/v1/nodes/4", 404, "{\"status\":404,\"detail\":\"no node 4\"}");
    answer("POST", "/api/v1/nodes", 422, "{\"status\":422,\"detail\":\"bad\"}");
    answer("PUT", "/api/v1/cluster/runlevel", 202, "{\"id\":\"j1\"}");
    answer("PATCH", "/api/v1/balancer", 400, "{\"status\":400}");
    answer("DELETE", "/api/v1/nodes/4", 200, "");

    Api.Response missing = api.get("/api/v1/nodes/4");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("detail").asText()).isEqualTo("no node 4");
    assertThat(api.post("/api/v1/nodes", "{\"node\": 4,").status()).isEqualTo(422);
    assertThat(api.put("/api/v1/cluster/runlevel", "{\"level\": 3}").body().path("id").asText()).isEqualTo("j1");
    assertThat(api.patch("/api/v1/balancer", "{\"mode\": \"fast\"}").status()).isEqualTo(400);
    assertThat(api.delete("/api/v1/nodes/4")).isEqualTo(new Api.Response(200, null));
    assertThat(received).contains("POST /api/v1/nodes Bearer admin-secret {\"node\": 4,",
        "PATCH /api/v1/balancer Bearer admin-secret {\"mode\": \"fast\"}");
  }

  @Test
  void theCredentialIsTheFilesAnOtherOrNone() {
    answer("GET", "/api/v1/session", 200, "{}");

    api.get("/api/v1/session");
    api.withToken("other").get("/api/v1/session");
    api.anonymous().get("/api/v1/session");
    api.post("/api/v1/cluster/boot", null, Map.of("Idempotency-Key", "k"));

    assertThat(received).containsExactly("GET /api/v1/session Bearer admin-secret ",
        "GET /api/v1/session Bearer other ", "GET /api/v1/session null ", "POST /api/v1/cluster/boot Bearer admin-secret ");
    assertThat(api.bearer()).isEqualTo("Bearer admin-secret");
    assertThat(api.withToken("other").bearer()).isEqualTo("Bearer other");
  }

  @Test
  void runCollectsTheProgramsOutputAndARefusalIsARunWithoutExit() {
    String out = Base64.getEncoder().encodeToString("hi\n".getBytes(StandardCharsets.UTF_8));
    answer("POST", "/api/v1/processes", 200, "{\"event\":\"started\",\"node\":2,\"pid\":131075}\n"
        + "{\"event\":\"output\",\"stream\":\"stdout\",\"data\":\"" + out + "\"}\n{\"event\":\"exit\",\"code\":0}\n");

    Api.Run run = api.run(null, "echo", "hi");
    assertThat(run.node()).isEqualTo(2);
    assertThat(run.stdout()).isEqualTo("hi\n");
    assertThat(run.exit()).isZero();
    assertThat(received).containsExactly("POST /api/v1/processes Bearer admin-secret {\"argv\":[\"echo\",\"hi\"]}");

    answer("POST", "/api/v1/processes", 409, "{\"status\":409,\"detail\":\"node 2 is not running\"}");
    Api.Run refused = api.run(2, "true");
    assertThat(refused.exit()).isEqualTo(-1);
    assertThat(refused.stderr()).contains("node 2 is not running");
  }

  @Test
  void theEventCollectorReadsTheStreamFromItsHello() throws Exception {
    try (EventCollector events = new EventCollector(api)) {
      Await.until("the first event", Duration.ofSeconds(10), () -> !events.events().isEmpty());
      assertThat(events.typesOf("node 1")).containsExactly("node.state:running");
    }
    assertThat(received).containsExactly("GET /api/v1/events?types=node%2Cjob text/event-stream");
  }

  @Test
  void reachableAsksTheHealthProbeAndAnAbsentApiFailsTheTest() throws IOException {
    assertThat(api.reachable()).isFalse();
    answer("GET", "/api/v1/health", 200, "{\"status\":\"UP\"}");
    assertThat(api.reachable()).isTrue();

    String base;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      base = "http://127.0.0.1:" + closed.getLocalPort();
    }
    Api absent = new Api(base, null);
    assertThat(absent.reachable()).isFalse();
    assertThatThrownBy(() -> absent.get("/api/v1/nodes")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("no orchestrator answers at " + base);
  }
}
