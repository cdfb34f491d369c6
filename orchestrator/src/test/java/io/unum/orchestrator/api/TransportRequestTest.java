package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/** Plain TCP is gone: a request that asks for it is refused, naming the field and the one transport left. */
class TransportRequestTest {
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

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", access.bearer())
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMigrationOrBalancerSettingAskingForTcpIsABadRequestNamingTheField() throws Exception {
    // The node and the balancer need not exist: the contract refuses the body before any handler runs.
    for (String[] request : new String[][] {{"POST", "/api/v1/nodes/1/migrate"}, {"PATCH", "/api/v1/balancer"}}) {
      HttpResponse<String> refused = send(request[0], request[1], "{\"transport\": \"tcp\"}");
      assertThat(refused.statusCode()).as("%s %s: %s", request[0], request[1], refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValue(ProblemMapper.CONTENT_TYPE);
      JsonObject problem = new JsonObject(refused.body());
      assertThat(problem.getString("detail")).isEqualTo("field 'transport': must be one of: tls");
      JsonArray errors = problem.getJsonArray("errors");
      assertThat(errors).hasSize(1);
      assertThat(errors.getJsonObject(0).getString("name")).isEqualTo("transport");
      assertThat(errors.getJsonObject(0).getString("reason")).isEqualTo("must be one of: tls");
    }
  }

  @Test
  void anEnumRefusalListsWhatItAllows() {
    assertThat(ProblemMapper.reason("Instance does not match any of [\"off\",\"recommend\",\"automatic\"]"))
        .isEqualTo("must be one of: off, recommend, automatic");
    assertThat(ProblemMapper.reason("Instance type number is invalid. Expected string"))
        .isEqualTo("Instance type number is invalid. Expected string");
  }
}
