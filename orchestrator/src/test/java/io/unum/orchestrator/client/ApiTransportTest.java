package io.unum.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTransportTest {
  private CannedApi api;

  @BeforeEach
  void start() throws IOException {
    api = new CannedApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theCredentialIsReadAtEachRequestAndSentAsBearer() {
    api.answer("GET", ApiPaths.STATUS, Answer.json(200, "{}"));
    AtomicReference<Optional<String>> token = new AtomicReference<>(Optional.of("first"));
    AtomicInteger reads = new AtomicInteger();
    ApiTransport transport = new ApiTransport(api.base(), () -> {
      reads.incrementAndGet();
      return token.get();
    });

    transport.get(ApiPaths.STATUS);
    token.set(Optional.of("second")); // a daemon wrote a new one meanwhile
    transport.get(ApiPaths.STATUS);
    token.set(Optional.empty());
    transport.get(ApiPaths.STATUS);

    assertThat(api.requests()).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer first", "Bearer second", null);
    assertThat(reads).hasValue(3);
    assertThat(api.requests()).allSatisfy(r -> assertThat(r.header("Accept")).isEqualTo("application/json"));
  }

  @Test
  void everyVerbCarriesTheCredentialAndItsBody() {
    api.answer("POST", ApiPaths.NODES, Answer.json(201, "{\"node\":1}"))
        .answer("PUT", ApiPaths.RUN_LEVEL, Answer.json(202, "{\"id\":\"j1\"}"))
        .answer("PATCH", ApiPaths.BALANCER, Answer.json(200, "{\"settings\":{}}"))
        .answer("DELETE", ApiPaths.node(1), Answer.json(200, "{}"));
    ApiTransport transport = new ApiTransport(api.base(), () -> Optional.of("t"));

    assertThat(transport.post(ApiPaths.NODES, Map.of("node", 1)).path("node").asInt()).isEqualTo(1);
    transport.put(ApiPaths.RUN_LEVEL, Map.of("level", 3), Map.of("Idempotency-Key", "k-1"));
    transport.patch(ApiPaths.BALANCER, Map.of("mode", "off"));
    transport.delete(ApiPaths.node(1));

    List<CannedApi.Request> requests = api.requests();
    assertThat(requests).extracting(r -> r.method() + " " + r.target() + " " + r.body()).containsExactly(
        "POST /api/v1/nodes {\"node\":1}", "PUT /api/v1/cluster/runlevel {\"level\":3}",
        "PATCH /api/v1/balancer {\"mode\":\"off\"}", "DELETE /api/v1/nodes/1 ");
    assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer t"));
    assertThat(requests.get(1).header("Idempotency-Key")).isEqualTo("k-1");
    assertThat(requests.get(2).header("Content-Type")).isEqualTo("application/json");
    assertThat(requests.get(3).header("Content-Type")).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 422})
  void aProblemBecomesAnApiExceptionWithItsStatusAndDetail(int status) {
    api.answer("POST", ApiPaths.NODES, Answer.problem(status, "refused with " + status))
        .answer("PATCH", ApiPaths.BALANCER, Answer.problem(status, "patch refused with " + status));
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);

    assertThatThrownBy(() -> transport.post(ApiPaths.NODES, Map.of()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.detail()).isEqualTo("refused with " + status);
          assertThat(e.getMessage()).isEqualTo(e.detail());
          assertThat(e.problem().path("title").asText()).isEqualTo("Refused");
        });
    assertThatThrownBy(() -> transport.patch(ApiPaths.BALANCER, Map.of()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.detail()).isEqualTo("patch refused with " + status);
        });
  }

  @Test
  void anErrorThatIsNotAProblemKeepsItsStatus() {
    api.answer("GET", ApiPaths.STATUS, Answer.text(502, "Bad Gateway"));
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);

    assertThatThrownBy(() -> transport.get(ApiPaths.STATUS)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.detail()).isEqualTo("HTTP 502");
      assertThat(e.problem().isMissingNode()).isTrue();
    });
  }

  @Test
  void findIsEmptyOn404AndTheResourceOtherwise() {
    api.answer("GET", ApiPaths.node(2), Answer.json(200, "{\"node\":2}"));
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);

    assertThat(transport.find(ApiPaths.node(1))).isEmpty();
    assertThat(transport.find(ApiPaths.node(2))).map(node -> node.path("node").asInt()).contains(2);
  }

  @Test
  void exchangeReturnsErrorStatusesWithoutThrowing() {
    api.answer("POST", ApiPaths.NODES, Answer.problem(422, "no such host"))
        .answer("PATCH", ApiPaths.node(1), Answer.problem(400, "bad labels"))
        .answer("GET", ApiPaths.METRICS, Answer.text(200, "unum_up 1\n"))
        .answer("DELETE", ApiPaths.node(1), Answer.text(204, ""));
    ApiTransport transport = new ApiTransport(api.base(), () -> Optional.of("t"));

    ApiResponse refused = transport.exchange("POST", ApiPaths.NODES, "{\"host\": \"x\"".getBytes(StandardCharsets.UTF_8),
        Map.of());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().path("detail").asText()).isEqualTo("no such host");
    assertThat(refused.header("content-type")).contains("application/problem+json");
    assertThat(api.last().body()).isEqualTo("{\"host\": \"x\""); // sent as it was, malformed on purpose

    ApiResponse patched = transport.exchange("PATCH", ApiPaths.node(1), "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(patched.status()).isEqualTo(400);
    assertThat(patched.body().path("detail").asText()).isEqualTo("bad labels");
    assertThat(api.last().header("Authorization")).isEqualTo("Bearer t");

    JsonNode text = transport.exchange("GET", ApiPaths.METRICS, null, Map.of("Accept", "text/plain")).body();
    assertThat(text.isTextual()).isTrue();
    assertThat(text.asText()).isEqualTo("unum_up 1\n");
    assertThat(api.last().header("Accept")).isEqualTo("text/plain");

    ApiResponse empty = transport.exchange("DELETE", ApiPaths.node(1), null, Map.of());
    assertThat(empty.status()).isEqualTo(204);
    assertThat(empty.body()).isNull();
  }

  @Test
  void aServerThatNeverAnswersHitsTheReadDeadline() {
    api.answer("GET", ApiPaths.STATUS, Answer.none()).answer("PATCH", ApiPaths.BALANCER, Answer.none());
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty, Duration.ofSeconds(3), Duration.ofMillis(300));

    long started = System.nanoTime();
    assertThatThrownBy(() -> transport.get(ApiPaths.STATUS))
        .isInstanceOfSatisfying(ApiUnreachableException.class, e -> {
          assertThat(e.refused()).isFalse();
          assertThat(e.interrupted()).isFalse();
          assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
          assertThat(e.getMessage()).startsWith("talking to the orchestrator at " + api.base() + " failed: ");
        });
    assertThatThrownBy(() -> transport.patch(ApiPaths.BALANCER, Map.of()))
        .isInstanceOfSatisfying(ApiUnreachableException.class,
            e -> assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void aRefusedConnectionNamesTheBaseUrl() throws IOException {
    String base;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      base = "http://127.0.0.1:" + closed.getLocalPort();
    } // closed: nothing listens there any more
    ApiTransport transport = new ApiTransport(base + "/", Optional::empty);

    assertThat(transport.base()).isEqualTo(base);
    assertThat(transport.reachable()).isFalse();
    assertThatThrownBy(() -> transport.get(ApiPaths.STATUS)).isInstanceOfSatisfying(ApiUnreachableException.class, e -> {
      assertThat(e.refused()).isTrue();
      assertThat(e.base()).isEqualTo(base);
      assertThat(e.getMessage()).isEqualTo("no orchestrator answers at " + base);
    });
    assertThatThrownBy(() -> transport.patch(ApiPaths.BALANCER, Map.of()))
        .isInstanceOfSatisfying(ApiUnreachableException.class, e -> assertThat(e.refused()).isTrue());
    assertThatThrownBy(() -> transport.exchange("GET", ApiPaths.STATUS, null, Map.of()))
        .isInstanceOf(ApiUnreachableException.class);
  }

  @Test
  void reachableAsksTheHealthProbe() {
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);
    assertThat(transport.reachable()).isFalse(); // 404: something answers, not an orchestrator

    api.answer("GET", ApiPaths.HEALTH, Answer.json(200, "{\"status\":\"UP\"}"));
    assertThat(transport.reachable()).isTrue();
  }

  @Test
  void streamsHandOverEveryLineAndTextComesAsItIs() {
    api.answer("POST", ApiPaths.PROCESSES, Answer.json(200, "{\"event\":\"started\"}\n{\"event\":\"exit\",\"code\":0}\n"))
        .answer("GET", ApiPaths.METRICS, Answer.text(200, "# HELP x\nx 1\n"))
        .answer("GET", ApiPaths.EVENTS, Answer.problem(401, "no credential"));
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);

    List<String> lines = new ArrayList<>();
    transport.stream("POST", ApiPaths.PROCESSES, Map.of("argv", List.of("true")), Map.of(), lines::add);
    assertThat(lines).containsExactly("{\"event\":\"started\"}", "{\"event\":\"exit\",\"code\":0}");
    assertThat(transport.getText(ApiPaths.METRICS)).isEqualTo("# HELP x\nx 1\n");
    assertThat(api.last().header("Accept")).isEqualTo("text/plain");
    assertThatThrownBy(() -> transport.stream("GET", ApiPaths.EVENTS, null, Map.of(), lines::add))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aStreamThatBreaksOffIsUnreachable() {
    api.answer("GET", ApiPaths.EVENTS, Answer.openStream(": unum events from 0\n"));
    ApiTransport transport = new ApiTransport(api.base(), Optional::empty);

    try (LineStream lines = transport.lines("GET", ApiPaths.EVENTS, null, Map.of("Accept", "text/event-stream"))) {
      assertThat(lines.readLine()).isEqualTo(": unum events from 0");
      api.close(); // the orchestrator goes away mid-stream

      assertThatThrownBy(lines::readLine).isInstanceOfSatisfying(ApiUnreachableException.class,
          e -> assertThat(e.refused()).isFalse());
    }
  }

  @Test
  void theAuthorizationValueIsFormedHereOnly() {
    assertThat(new ApiTransport(api.base(), () -> Optional.of("abc")).authorization()).contains("Bearer abc");
    assertThat(new ApiTransport(api.base(), Optional::empty).authorization()).isEmpty();
  }
}
