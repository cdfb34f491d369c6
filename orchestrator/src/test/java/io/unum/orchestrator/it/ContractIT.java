package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.api.ApiContract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API answers as its OpenAPI document says, on the run's shared cluster: every read answers
 * 200 with a declared media type and a body of the declared schema, and every write refuses what
 * the document forbids with a 400 problem (so it is routed and validated, never a 404 or a hang).
 */
@ExtendWith(BootedCluster.Extension.class)
@Order(3)
class ContractIT {
  private static final String BASE = "http://127.0.0.1:7070";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Vertx VERTX = Vertx.vertx();

  private final JsonObject document = ApiContract.document();
  private final OpenAPIContract contract = ApiContract.load(VERTX, document);

  ContractIT(BootedCluster cluster) {
    // The cluster only has to be up: nodes 1..3 exist.
  }

  @AfterAll
  static void closeVertx() {
    VERTX.close();
  }

  private static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyReadAnswersWithTheDeclaredSchema() throws Exception {
    Map<String, String> reads = new LinkedHashMap<>();
    reads.put("getOpenApi", "/api/v1/openapi.json");
    reads.put("getStatus", "/api/v1/status");
    reads.put("getCluster", "/api/v1/cluster");
    reads.put("listHosts", "/api/v1/hosts");
    reads.put("listNodes", "/api/v1/nodes");
    reads.put("getNode", "/api/v1/nodes/1");
    reads.put("getConsole", "/api/v1/nodes/1/console?lines=5");
    reads.put("getMetrics", "/metrics");
    assertThat(operations("get")).as("every read of the document is checked here")
        .containsExactlyInAnyOrderElementsOf(reads.keySet());
    ResponseValidator validator = ResponseValidator.create(VERTX, contract);
    for (Map.Entry<String, String> read : reads.entrySet()) {
      HttpResponse<String> response = send("GET", read.getValue(), null);
      assertThat(response.statusCode()).as("%s %s", read.getKey(), response.body()).isEqualTo(200);
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      assertThat(document.getJsonObject("paths").getJsonObject(path(read.getKey()))
          .getJsonObject("get").getJsonObject("responses").getJsonObject("200")
          .getJsonObject("content").fieldNames()).as("%s declares its media type", read.getKey())
          .contains(contentType);
      // The validator knows some media types under their generic kin (see ApiContract).
      ValidatableResponse answer = ValidatableResponse.create(200, Buffer.buffer(response.body()),
          ApiContract.validatorMediaType(contentType));
      validator.validate(answer, read.getKey()).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(new JsonObject(send("GET", "/api/v1/openapi.json", null).body()))
        .as("the served document is the contract").isEqualTo(document);
  }

  @Test
  void everyWriteRefusesWhatTheDocumentForbids() throws Exception {
    Map<String, String[]> writes = new LinkedHashMap<>();
    writes.put("createNode", new String[] {"POST", "/api/v1/nodes", "{\"node\": 2, \"surprise\": 1}"});
    writes.put("deleteNode", new String[] {"DELETE", "/api/v1/nodes/65", null});
    writes.put("startNode", new String[] {"POST", "/api/v1/nodes/0/start", null});
    writes.put("stopNode", new String[] {"POST", "/api/v1/nodes/x/stop", null});
    writes.put("execNode", new String[] {"POST", "/api/v1/nodes/1/exec", "{\"argv\": \"not a list\"}"});
    writes.put("clusterUp", new String[] {"POST", "/api/v1/cluster/up", "{\"nodes\": 65}"});
    // clusterDown takes no input, so nothing can be refused: DownIT drives it for real.
    List<String> checked = new ArrayList<>(writes.keySet());
    checked.add("clusterDown");
    assertThat(operations("post", "delete", "put", "patch")).as("every write is checked here")
        .containsExactlyInAnyOrderElementsOf(checked);
    for (Map.Entry<String, String[]> write : writes.entrySet()) {
      String[] call = write.getValue();
      HttpResponse<String> response = send(call[0], call[1], call[2]);
      assertThat(response.statusCode()).as("%s: %s", write.getKey(), response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new JsonObject(response.body()).getString("detail")).as(write.getKey()).isNotBlank();
    }
    JsonObject unknown = new JsonObject(send("POST", "/api/v1/nodes", "{\"node\": 2, \"surprise\": 1}").body());
    assertThat(unknown.getJsonArray("errors").getJsonObject(0).getMap())
        .containsEntry("in", "field").containsEntry("name", "surprise").containsEntry("reason", "unknown field");
  }

  @Test
  void aCorpusOfBadBodiesAndHeadersIsRefusedAndTheDaemonStaysWell() throws Exception {
    List<String> bodies = List.of("", "null", "[]", "{", "}", "\"text\"", "12", "{\"node\": \"1\"}",
        "{\"node\": -1}", "{\"node\": 1e99}", "{\"argv\": [1, 2]}", "{\"nodes\": null}",
        "{\"a\":".repeat(5000), "[".repeat(10_000), "{\"kernelArgs\": \"" + "x".repeat(70_000) + "\"}",
        "\u0000\u0001\uFFFF", "{\"node\": 2, \"node\": 3, \"cpus\": {}}");
    List<String[]> targets = List.of(new String[] {"POST", "/api/v1/nodes"},
        new String[] {"POST", "/api/v1/nodes/1/exec"}, new String[] {"POST", "/api/v1/cluster/up"});
    int refused = 0;
    for (String[] target : targets) {
      for (String body : bodies) {
        HttpResponse<String> response = send(target[0], target[1], body);
        assertThat(response.statusCode()).as("%s %s with %.40s: %s", target[0], target[1], body,
            response.body()).isBetween(400, 499);
        refused++;
      }
      for (String type : List.of("text/plain", "application/xml", "application/json; charset=klingon")) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(BASE + target[1]))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString("{\"nodes\": 1}")).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s with Content-Type %s: %s", target[1], type, response.body())
            .isBetween(400, 499);
        refused++;
      }
    }
    System.out.println("[contract] " + refused + " bad requests refused");
    assertThat(send("GET", "/api/v1/status", null).statusCode()).as("the daemon still answers").isEqualTo(200);
    assertThat(send("GET", "/api/v1/nodes", null).body()).contains("\"node\":1");
  }

  /** The document's path that holds operation {@code operationId}. */
  private String path(String operationId) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (paths.getJsonObject(path).getValue(method) instanceof JsonObject operation
            && operationId.equals(operation.getString("operationId"))) {
          return path;
        }
      }
    }
    throw new AssertionError("no operation " + operationId + " in the document");
  }

  /** Operation ids of the document with one of these methods. */
  private List<String> operations(String... methods) {
    List<String> ids = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : methods) {
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
        if (operation != null) {
          ids.add(operation.getString("operationId"));
        }
      }
    }
    return ids;
  }
}
