package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.access.Principal;
import io.unum.orchestrator.access.Role;
import io.unum.orchestrator.audit.AuditRecord;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real API server on loopback: what the audit log records of its requests, and who may read it. */
class AuditRecorderTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir
  Path dir;

  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private ApiServer api;

  @BeforeEach
  void start() {
    api = LoopbackApi.start(dir, new InMemoryClusterStore(), new MemoryEventLog(), audit, access, metrics);
  }

  @AfterEach
  void stop() {
    api.close();
    metrics.close();
  }

  private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, String> admin() {
    return Map.of("Authorization", access.bearer());
  }

  private String token(String name, String role) {
    return access.service().createToken(new Principal("root", Role.ADMIN, "test"), name, role, null, null).token();
  }

  /** The first record that {@code which} accepts, once the queue has handed it to the log. */
  private AuditRecord awaitRecord(String what, Predicate<AuditRecord> which) {
    return Await.value(what + " recorded (records: " + audit.all() + ")", Duration.ofSeconds(10),
        () -> audit.all().stream().filter(which).findFirst());
  }

  @Test
  void aWriteIsRecordedWithWhoFromWhereWhatAndHowItEnded() throws Exception {
    HttpResponse<String> boot = send("POST", "/api/v1/cluster/boot", null, admin());
    assertThat(boot.statusCode()).as(boot.body()).isEqualTo(202);
    String job = new JsonObject(boot.body()).getString("id");
    AuditRecord record = awaitRecord("the boot", r -> r.path().equals("/api/v1/cluster/boot"));
    assertThat(record.host()).isEqualTo("host-a");
    assertThat(record.user()).isEqualTo("root");
    assertThat(record.role()).isEqualTo("admin");
    assertThat(record.via()).isEqualTo(access.service().authenticateToken(access.credential().token()).orElseThrow().via());
    assertThat(record.from()).isEqualTo("127.0.0.1");
    assertThat(record.method()).isEqualTo("POST");
    assertThat(record.operation()).isEqualTo("bootCluster");
    assertThat(record.status()).isEqualTo(202);
    assertThat(record.outcome()).isEqualTo(AuditRecord.OK);
    assertThat(record.job()).as("the job from Location").isEqualTo(job);

    assertThat(send("DELETE", "/api/v1/nodes/9", null, admin()).statusCode()).isEqualTo(404);
    AuditRecord delete = awaitRecord("the delete", r -> r.path().equals("/api/v1/nodes/9"));
    assertThat(delete.operation()).isEqualTo("deleteNode");
    assertThat(delete.status()).isEqualTo(404);
    assertThat(delete.outcome()).isEqualTo(AuditRecord.FAILED);
    assertThat(delete.job()).isNull();
  }

  @Test
  void aRefusedCallOfAnyMethodIsRecordedAndAReadIsNot() throws Exception {
    assertThat(send("GET", "/api/v1/nodes", null, admin()).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/api/v1/cluster/down", null, Map.of()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/hosts", null, Map.of()).statusCode()).isEqualTo(401);
    String viewer = token("viewer", "viewer");
    assertThat(send("DELETE", "/api/v1/nodes/3", null, Map.of("Authorization", "Bearer " + viewer)).statusCode())
        .isEqualTo(403);

    AuditRecord down = awaitRecord("the refused cluster down", r -> r.path().equals("/api/v1/cluster/down"));
    assertThat(down.user()).isEqualTo(AuditRecord.ANONYMOUS);
    assertThat(down.role()).isNull();
    assertThat(down.status()).isEqualTo(401);
    assertThat(down.outcome()).isEqualTo(AuditRecord.REFUSED);
    AuditRecord hosts = awaitRecord("the refused read", r -> r.path().equals("/api/v1/hosts"));
    assertThat(hosts.method()).isEqualTo("GET");
    assertThat(hosts.outcome()).isEqualTo(AuditRecord.REFUSED);
    AuditRecord delete = awaitRecord("the viewer's delete", r -> r.path().equals("/api/v1/nodes/3"));
    assertThat(delete.user()).isEqualTo("root");
    assertThat(delete.role()).isEqualTo("viewer");
    assertThat(delete.via()).isEqualTo("token viewer");
    assertThat(delete.status()).isEqualTo(403);
    // Handed over in order: everything before the last one is in the log by now.
    assertThat(audit.all()).extracting(AuditRecord::path).doesNotContain("/api/v1/nodes");
  }

  @Test
  void aSignInIsRecordedAsWhoItProvedAndNoSecretIsEverRecorded() throws Exception {
    access.service().addUser("alice", "operator", PASSWORD);
    HttpResponse<String> wrong = send("POST", "/api/v1/session",
        "{\"user\": \"alice\", \"password\": \"not the password at all\"}", admin());
    assertThat(wrong.statusCode()).isEqualTo(401);
    // A query string can hold a secret too (the contract lets unknown parameters pass).
    HttpResponse<String> signIn = send("POST", "/api/v1/session?password=hunter2hunter2",
        "{\"user\": \"alice\", \"password\": \"" + PASSWORD + "\"}", Map.of());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = new JsonObject(signIn.body()).getString("csrfToken");
    HttpResponse<String> token = send("POST", "/api/v1/tokens", "{\"name\": \"ci\"}",
        Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
    assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
    String secret = new JsonObject(token.body()).getString("token");

    AuditRecord refused = awaitRecord("the wrong password", r -> r.status() == 401);
    assertThat(refused.user()).as("not the credential the request also carried").isEqualTo(AuditRecord.ANONYMOUS);
    assertThat(refused.operation()).isEqualTo("createSession");
    AuditRecord session = awaitRecord("the sign-in", r -> "createSession".equals(r.operation()) && r.status() == 200);
    assertThat(session.user()).isEqualTo("alice");
    assertThat(session.role()).isEqualTo("operator");
    assertThat(session.via()).isEqualTo("session");
    assertThat(session.path()).isEqualTo("/api/v1/session");
    AuditRecord made = awaitRecord("the token", r -> "createToken".equals(r.operation()));
    assertThat(made.user()).isEqualTo("alice");
    assertThat(made.status()).isEqualTo(201);

    String everything = audit.all().stream().map(AuditRecord::toJson).reduce("", String::concat);
    for (String secretText : List.of(PASSWORD, "not the password", "hunter2", secret, access.credential().token(),
        cookie.substring(cookie.indexOf('=') + 1), csrf)) {
      assertThat(everything).doesNotContain(secretText);
    }
  }

  @Test
  void theLogIsForAdminsAndViewersNotOperators() throws Exception {
    assertThat(send("POST", "/api/v1/tokens", "{\"name\": \"ci\"}", admin()).statusCode()).isEqualTo(201);
    awaitRecord("the write", r -> r.path().equals("/api/v1/tokens"));
    String viewer = token("auditor", "viewer");
    HttpResponse<String> read = send("GET", "/api/v1/audit?limit=10", null, Map.of("Authorization", "Bearer " + viewer));
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject page = new JsonObject(read.body());
    JsonArray records = page.getJsonArray("records");
    assertThat(records.getJsonObject(records.size() - 1).getString("operation")).isEqualTo("createToken");
    assertThat(page.getLong("next")).isEqualTo(audit.newest() + 1);
    Vertx vertx = Vertx.vertx();
    try {
      // The answer is what the contract declares (as ContractIT checks on a cluster).
      ResponseValidator.create(vertx, ApiContract.load(vertx, ApiContract.document()))
          .validate(ValidatableResponse.create(200, Buffer.buffer(read.body()), "application/json"), "listAudit")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }

    HttpResponse<String> filtered = send("GET", "/api/v1/audit?since=0&outcome=refused&user=root", null,
        Map.of("Authorization", "Bearer " + viewer));
    assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(200);
    assertThat(new JsonObject(filtered.body()).getJsonArray("records")).isEmpty();

    String operator = token("ops", "operator");
    HttpResponse<String> refused = send("GET", "/api/v1/audit", null, Map.of("Authorization", "Bearer " + operator));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(refused.body()).getString("detail"))
        .isEqualTo("role operator may not listAudit; it needs admin or viewer");
    assertThat(send("GET", "/api/v1/audit", null, admin()).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/audit?limit=1001", null, admin()).statusCode()).isEqualTo(400);
    AuditRecord attempt = awaitRecord("the operator's attempt", r -> r.path().equals("/api/v1/audit"));
    assertThat(attempt.role()).isEqualTo("operator");
    assertThat(attempt.outcome()).isEqualTo(AuditRecord.REFUSED);
  }

  @Test
  void callsWithoutACredentialAreRecordedAtMostTenASecond() {
    AuditRecorder.AnonymousRate rate = new AuditRecorder.AnonymousRate();
    long admitted = java.util.stream.LongStream.range(0, 100).filter(i -> rate.admit(5_000)).count();
    assertThat(admitted).isEqualTo(AuditRecorder.AnonymousRate.PER_SECOND);
    assertThat(rate.admit(6_000)).as("the next second").isTrue();
  }

}
