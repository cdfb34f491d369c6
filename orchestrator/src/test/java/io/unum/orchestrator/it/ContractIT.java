package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.api.ApiContract;
import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Machine;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.bench.ReportWriter;
import io.unum.orchestrator.testing.Await;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
@Order(1)
class ContractIT {
  private static final String BASE = "http://127.0.0.1:7070";
  /** HTTP/1.1: over an h2c upgrade an oversized header ends the connection (GOAWAY), not with a 431. */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
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
    return send(method, path, body, Map.of());
  }

  /** Sends as the admin, unless {@code headers} carry an Authorization of their own ("" for none). */
  private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30));
    String authorization = headers.getOrDefault("Authorization", Api.LOCAL.bearer());
    if (!authorization.isEmpty()) {
      request.header("Authorization", authorization);
    }
    headers.forEach((name, value) -> {
      if (!name.equals("Authorization")) {
        request.header(name, value);
      }
    });
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
    reads.put("getHost", "/api/v1/hosts/" + hostName());
    reads.put("getBalancer", "/api/v1/balancer");
    reads.put("listJobs", "/api/v1/jobs?node=1");
    reads.put("listProcesses", "/api/v1/processes?kernel=true");
    reads.put("listServices", "/api/v1/services");
    reads.put("getHealth", "/api/v1/health");
    reads.put("getSession", "/api/v1/session");
    reads.put("listTokens", "/api/v1/tokens");
    reads.put("listUsers", "/api/v1/users");
    reads.put("getService", "/api/v1/services/contract-probe");
    // A service at a level the cluster is not at: declared, shown, never started. (One left by a run
    // that failed half-way stays in the cluster's durable catalog: removed first.)
    send("DELETE", "/api/v1/services/contract-probe", null);
    HttpResponse<String> probe = send("POST", "/api/v1/services",
        "{\"name\": \"contract-probe\", \"command\": [\"true\"], \"runLevels\": [1], \"placement\": \"node\", \"node\": 63}");
    assertThat(probe.statusCode()).as(probe.body()).isEqualTo(201);
    assertThat(probe.headers().firstValue("Location")).hasValue("/api/v1/services/contract-probe");
    // A start of a running node: a real job that ends at once, without disturbing anything.
    awaitNoJob(1);
    HttpResponse<String> accepted = send("POST", "/api/v1/nodes/1/start", null);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String job = new JsonObject(accepted.body()).getString("id");
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/jobs/" + job);
    reads.put("getJob", "/api/v1/jobs/" + job);
    // After the writes above, so that the records are there to be checked.
    reads.put("listAudit", "/api/v1/audit?limit=20");
    // A report where 'unum bench all' leaves one on this host, the newest, removed again below.
    Path report = ReportShelf.under(Path.of("/var/lib/unum")).folderFor(Instant.now());
    ReportWriter.write(new BenchReport("unum bench all", "contract probe", System.currentTimeMillis(), 1,
        Machine.probe(Path.of("/var/lib/unum/accel-verdict")), List.of(new BenchResult("api", "contract probe",
            List.of(Figure.lower("GET /api/v1/nodes p99", 12.5, "ms").beside("static document (floor)", 3.1)
                .aiming(20)))), List.of()), report);
    reads.put("getLatestBenchReport", "/api/v1/bench/latest");
    List<String> streams = List.of("streamEvents", "getServiceLogs");
    List<String> checked = new ArrayList<>(reads.keySet());
    checked.addAll(streams);
    assertThat(operations("get")).as("every read of the document is checked here")
        .containsExactlyInAnyOrderElementsOf(checked);
    ResponseValidator validator = ResponseValidator.create(VERTX, contract);
    try {
      checkReads(reads, validator);
    } finally {
      try (var files = Files.walk(report)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
    assertThat(new JsonObject(send("GET", "/api/v1/openapi.json", null).body()))
        .as("the served document is the contract").isEqualTo(document);
    assertEventStreamOpens();
    HttpResponse<String> logs = send("GET", "/api/v1/services/contract-probe/logs?tail=5", null);
    assertThat(logs.statusCode()).isEqualTo(200);
    assertThat(logs.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    assertThat(send("DELETE", "/api/v1/services/contract-probe", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/services/contract-probe", null).statusCode()).isEqualTo(404);
  }

  /** Each read answers 200 with the media type and the schema the contract declares. */
  private void checkReads(Map<String, String> reads, ResponseValidator validator) throws Exception {
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
  }

  /** The event stream answers 200 text/event-stream and says where it starts before any event. */
  private void assertEventStreamOpens() throws Exception {
    HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "/api/v1/events"))
        .header("Authorization", Api.LOCAL.bearer()).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (var in = stream.body()) {
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(new String(in.readNBytes(": unum events from".length()))).isEqualTo(": unum events from");
    }
  }

  private String hostName() throws Exception {
    return new io.vertx.core.json.JsonArray(send("GET", "/api/v1/hosts", null).body()).getJsonObject(0).getString("name");
  }

  @Test
  void everyWriteRefusesWhatTheDocumentForbids() throws Exception {
    Map<String, String[]> writes = new LinkedHashMap<>();
    writes.put("createNode", new String[] {"POST", "/api/v1/nodes", "{\"node\": 2, \"surprise\": 1}"});
    writes.put("deleteNode", new String[] {"DELETE", "/api/v1/nodes/4096", null});
    writes.put("startNode", new String[] {"POST", "/api/v1/nodes/0/start", null});
    writes.put("stopNode", new String[] {"POST", "/api/v1/nodes/x/stop", null});
    writes.put("cancelJob", new String[] {"POST", "/api/v1/jobs/not-a-job/cancel", null});
    writes.put("drainHost", new String[] {"POST", "/api/v1/hosts/-not-a-host/drain", null});
    writes.put("updateBalancer", new String[] {"PATCH", "/api/v1/balancer", "{\"mode\": \"sometimes\"}"});
    writes.put("migrateNode", new String[] {"POST", "/api/v1/nodes/1/migrate", "{\"to\": 7}"});
    writes.put("rebootNode", new String[] {"POST", "/api/v1/nodes/5000/reboot", null});
    writes.put("updateNode", new String[] {"PATCH", "/api/v1/nodes/1", "{}"});
    writes.put("setHostMaintenance", new String[] {"PUT", "/api/v1/hosts/" + hostName() + "/maintenance",
        "{\"enabled\": \"yes\"}"});
    writes.put("execNode", new String[] {"POST", "/api/v1/nodes/1/exec", "{\"argv\": \"not a list\"}"});
    writes.put("clusterUp", new String[] {"POST", "/api/v1/cluster/up", "{\"nodes\": 4096}"});
    writes.put("runProcess", new String[] {"POST", "/api/v1/processes", "{\"argv\": []}"});
    writes.put("signalProcess", new String[] {"POST", "/api/v1/processes/131072/signal", "{\"signal\": 65}"});
    writes.put("setRunLevel", new String[] {"PUT", "/api/v1/cluster/runlevel", "{\"level\": 4}"});
    writes.put("createService", new String[] {"POST", "/api/v1/services", "{\"name\": \"x\", \"command\": [\"a\"], \"surprise\": 1}"});
    writes.put("replaceService", new String[] {"PUT", "/api/v1/services/x", "{\"name\": \"x\", \"command\": []}"});
    writes.put("deleteService", new String[] {"DELETE", "/api/v1/services/Not_A_Name!", null});
    writes.put("restartService", new String[] {"POST", "/api/v1/services/UPPER/restart", null});
    writes.put("createSession", new String[] {"POST", "/api/v1/session", "{\"user\": \"root\", \"pin\": 1}"});
    writes.put("createToken", new String[] {"POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"root\"}"});
    writes.put("revokeToken", new String[] {"DELETE", "/api/v1/tokens/not-an-id", null});
    writes.put("createUser", new String[] {"POST", "/api/v1/users", "{\"name\": \"Bad Name\", \"role\": \"viewer\"}"});
    writes.put("setUserPassword", new String[] {"PUT", "/api/v1/users/root/password", "{\"password\": \"short\"}"});
    writes.put("deleteUser", new String[] {"DELETE", "/api/v1/users/-x", null});
    // clusterDown, bootCluster and deleteSession take no body, so nothing can be refused: DownIT and
    // RunLevelLabIT drive them for real (their bad headers are in the corpus below).
    List<String> checked = new ArrayList<>(writes.keySet());
    checked.add("clusterDown");
    checked.add("bootCluster");
    checked.add("deleteSession");
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
  void aCorpusOfBadBodiesAndHeadersIsRefusedAtEveryRouteAndTheDaemonStaysWell() throws Exception {
    List<String> bodies = List.of("", "null", "[]", "{", "}", "\"text\"", "12", "{\"node\": \"1\"}",
        "{\"node\": -1}", "{\"node\": 1e99}", "{\"argv\": [1, 2]}", "{\"nodes\": null}",
        "{\"a\":".repeat(5000), "[".repeat(10_000), "{\"kernelArgs\": \"" + "x".repeat(70_000) + "\"}",
        "\u0000\u0001\uFFFF", "{\"node\": 2, \"node\": 3, \"cpus\": {}}", "{\"labels\": {\"Bad Key\": \"v\"}}",
        "{\"enabled\": true, \"reason\": \"" + "r".repeat(300) + "\"}");
    Map<String, String> badHeaders = Map.of(
        "Idempotency-Key", "has spaces and \u00e9",
        "Last-Event-ID", "-1");
    String host = hostName();
    int refused = 0;
    Set<String> probed = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      String path = concrete(template, host);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject operation = paths.getJsonObject(template).getJsonObject(method);
        if (operation == null) {
          continue;
        }
        String id = operation.getString("operationId");
        String verb = method.toUpperCase(java.util.Locale.ROOT);
        probed.add(id);
        // Refused before routing, so safe even for operations that change things. The server
        // closes the connection after a 431, so it gets a client (a connection) of its own.
        HttpResponse<String> huge = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
            HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .header("X-Junk", "j".repeat(20_000)).method(verb, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).as("%s with a 20 kB header", id).isEqualTo(431);
        refused++;
        if (operation.containsKey("requestBody")) {
          for (String body : bodies) {
            HttpResponse<String> response = send(verb, path, body);
            assertThat(response.statusCode()).as("%s with %.40s: %s", id, body, response.body()).isBetween(400, 499);
            refused++;
          }
          for (String type : List.of("text/plain", "application/xml", "application/json; charset=klingon")) {
            HttpResponse<String> response = send(verb, path, "{\"nodes\": 1}", Map.of("Content-Type", type));
            assertThat(response.statusCode()).as("%s with Content-Type %s: %s", id, type, response.body())
                .isBetween(400, 499);
            refused++;
          }
        }
        for (Map.Entry<String, String> header : badHeaders.entrySet()) {
          if (declaresHeader(operation, paths.getJsonObject(template), header.getKey())) {
            HttpResponse<String> response = send(verb, path, null, Map.of(header.getKey(), header.getValue()));
            assertThat(response.statusCode()).as("%s with %s: %s", id, header, response.body()).isEqualTo(400);
            assertThat(new JsonObject(response.body()).getString("detail")).contains(header.getKey());
            refused++;
          }
        }
      }
    }
    assertThat(probed).as("every operation was probed").hasSize(operations("get", "post", "put", "patch", "delete").size());
    System.out.println("[contract] " + refused + " bad requests refused over " + probed.size() + " operations");
    assertThat(send("GET", "/api/v1/status", null).statusCode()).as("the daemon still answers").isEqualTo(200);
    assertThat(send("GET", "/api/v1/nodes", null).body()).contains("\"node\":1");
  }

  @Test
  void anIdempotencyKeyAnswersTheFirstJobAndRefusesAnotherRequest() throws Exception {
    String key = "contract-" + System.nanoTime();
    awaitNoJob(1);
    HttpResponse<String> first = send("POST", "/api/v1/nodes/1/start", null, Map.of("Idempotency-Key", key));
    HttpResponse<String> again = send("POST", "/api/v1/nodes/1/start", null, Map.of("Idempotency-Key", key));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(new JsonObject(again.body()).getString("id")).isEqualTo(new JsonObject(first.body()).getString("id"));
    HttpResponse<String> other = send("POST", "/api/v1/nodes/2/start", null, Map.of("Idempotency-Key", key));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(new JsonObject(other.body()).getString("detail")).contains("start node 1", "start node 2");
    awaitNoJob(1);
  }

  /** Waits until node {@code node} has no job queued or running (a second one would conflict). */
  private static void awaitNoJob(int node) {
    Await.until("node " + node + "'s jobs to end", Duration.ofSeconds(30), () -> {
      try {
        return send("GET", "/api/v1/jobs?node=" + node + "&state=queued", null).body().length() <= 2
            && send("GET", "/api/v1/jobs?node=" + node + "&state=running", null).body().length() <= 2;
      } catch (Exception e) {
        throw new IllegalStateException("cannot ask for node " + node + "'s jobs", e);
      }
    });
  }

  /** Whether the operation (or its path) declares header parameter {@code name}. */
  private boolean declaresHeader(JsonObject operation, JsonObject pathItem, String name) {
    List<Object> parameters = new ArrayList<>();
    for (JsonObject holder : List.of(operation, pathItem)) {
      if (holder.getJsonArray("parameters") != null) {
        parameters.addAll(holder.getJsonArray("parameters").getList());
      }
    }
    for (Object parameter : parameters) {
      JsonObject p = parameter instanceof Map<?, ?> map ? new JsonObject((Map<String, Object>) map) : (JsonObject) parameter;
      if (p.containsKey("$ref")) {
        String ref = p.getString("$ref");
        p = document.getJsonObject("components").getJsonObject("parameters").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
      }
      if ("header".equals(p.getString("in")) && name.equals(p.getString("name"))) {
        return true;
      }
    }
    return false;
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
  /** Each node as number, state and desired power: what a refused write could have changed. */
  private static List<String> nodeStates() throws Exception {
    List<String> states = new ArrayList<>();
    for (Object node : new io.vertx.core.json.JsonArray(send("GET", "/api/v1/nodes", null).body())) {
      JsonObject n = (JsonObject) node;
      states.add(n.getInteger("node") + " " + n.getString("state") + " " + n.getBoolean("desiredRunning"));
    }
    return states;
  }

  /** A path of the document with every parameter filled in. */
  private static String concrete(String template, String host) {
    return template.replace("{node}", "1").replace("{host}", host).replace("{job}", "j-0")
        .replace("{cpid}", "131072").replace("{service}", "probe").replace("{id}", "000000000000")
        .replace("{name}", "probe");
  }

  @Test
  void everyOperationButTheProbeAndSignInWantsACredentialAndAViewerOnlyReads() throws Exception {
    HttpResponse<String> made = send("POST", "/api/v1/tokens",
        "{\"name\": \"contract-viewer-" + System.nanoTime() + "\", \"role\": \"viewer\", \"expiresIn\": \"1h\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonObject viewer = new JsonObject(made.body());
    String viewerAuth = "Bearer " + viewer.getString("token");
    List<String> nodesBefore = nodeStates();
    String host = hostName();
    int unauthenticated = 0;
    int forbidden = 0;
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject operation = paths.getJsonObject(template).getJsonObject(method);
        if (operation == null || operation.getJsonArray("x-unum-roles").contains("anyone")) {
          continue;
        }
        String id = operation.getString("operationId");
        String verb = method.toUpperCase(java.util.Locale.ROOT);
        String path = concrete(template, host);
        HttpResponse<String> none = send(verb, path, null, Map.of("Authorization", ""));
        assertThat(none.statusCode()).as("%s without a credential: %s", id, none.body()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).as(id).hasValue("Bearer realm=\"unum\"");
        assertThat(none.headers().firstValue("Content-Type")).as(id).hasValue("application/problem+json");
        HttpResponse<String> forged = send(verb, path, null, Map.of("Authorization", "Bearer unum_000000000000_"
            + "A".repeat(43)));
        assertThat(forged.statusCode()).as("%s with a made-up token", id).isEqualTo(401);
        unauthenticated += 2;
        if (!operation.getJsonArray("x-unum-roles").contains("viewer")) {
          HttpResponse<String> refused = send(verb, path, null, Map.of("Authorization", viewerAuth));
          assertThat(refused.statusCode()).as("%s as a viewer: %s", id, refused.body()).isEqualTo(403);
          assertThat(new JsonObject(refused.body()).getString("detail")).contains("role viewer may not " + id);
          forbidden++;
        }
      }
    }
    System.out.println("[contract] " + unauthenticated + " requests without a valid credential refused (401), "
        + forbidden + " writes of a viewer refused (403)");
    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Authorization", viewerAuth)).statusCode())
        .as("a viewer reads").isEqualTo(200);
    assertThat(nodeStates()).as("nothing changed").isEqualTo(nodesBefore);
    assertThat(send("DELETE", "/api/v1/tokens/" + viewer.getString("id"), null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Authorization", viewerAuth)).statusCode())
        .as("a revoked token no longer reads").isEqualTo(401);
  }

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
