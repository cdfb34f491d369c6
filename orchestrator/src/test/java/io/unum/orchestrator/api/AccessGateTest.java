package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.access.Principal;
import io.unum.orchestrator.access.Role;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real API server on loopback: who may call what, sessions with their CSRF token, Host and Origin. */
class AccessGateTest {
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

  private String viewerToken() {
    return access.service().createToken(new Principal("root", Role.ADMIN, "test"), "viewer", "viewer", null, null)
        .token();
  }

  @Test
  void aRequestWithoutAValidCredentialIsRefusedExceptTheHealthProbe() throws Exception {
    assertThat(send("GET", "/api/v1/health", null, Map.of()).statusCode()).isEqualTo(200);
    HttpResponse<String> none = send("GET", "/api/v1/nodes", null, Map.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"unum\"");
    assertThat(new JsonObject(none.body()).getString("detail")).contains("needs a credential");
    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Authorization", "Basic cm9vdDpyb290")).statusCode())
        .isEqualTo(401);
    assertThat(send("POST", "/api/v1/cluster/down", null, Map.of()).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Authorization", access.bearer())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aViewerReadsAndIsRefusedEveryWrite() throws Exception {
    Map<String, String> viewer = Map.of("Authorization", "Bearer " + viewerToken());
    assertThat(send("GET", "/api/v1/nodes", null, viewer).statusCode()).isEqualTo(200);
    HttpResponse<String> create = send("POST", "/api/v1/nodes", "{\"node\": 5}", viewer);
    assertThat(create.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(create.body()).getString("detail"))
        .isEqualTo("role viewer may not createNode; it needs admin or operator");
    assertThat(send("GET", "/api/v1/users", null, viewer).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/nodes/5", null, Map.of("Authorization", access.bearer())).statusCode())
        .as("nothing was created").isEqualTo(404);
  }

  @Test
  void aSessionCookieWritesOnlyWithItsCsrfTokenAndEndsAtSignOut() throws Exception {
    HttpResponse<String> signIn = send("POST", "/api/v1/session", "{\"token\": \"" + access.credential().token() + "\"}",
        Map.of());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("unum_session=").contains("HttpOnly").contains("SameSite=Strict")
        .contains("Max-Age=28800");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    JsonObject session = new JsonObject(signIn.body());
    assertThat(session.getString("user")).isEqualTo("root");
    assertThat(session.getString("role")).isEqualTo("admin");
    String csrf = session.getString("csrfToken");

    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Cookie", cookie)).statusCode()).isEqualTo(200);
    HttpResponse<String> forged = send("POST", "/api/v1/nodes", "{\"node\": 5, \"start\": false}", Map.of("Cookie", cookie));
    assertThat(forged.statusCode()).as("a write without the CSRF token").isEqualTo(403);
    assertThat(send("POST", "/api/v1/nodes", "{\"node\": 5, \"start\": false}",
        Map.of("Cookie", cookie, "X-CSRF-Token", "wrong")).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/v1/nodes/5", null, Map.of("Cookie", cookie)).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/session", null, Map.of("Cookie", cookie)).body()).contains(csrf);

    HttpResponse<String> out = send("DELETE", "/api/v1/session", null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(send("GET", "/api/v1/nodes", null, Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
    assertThat(send("POST", "/api/v1/session", "{\"user\": \"root\", \"password\": \"no password set\"}", Map.of())
        .statusCode()).as("root has no password until one is set").isEqualTo(401);
  }

  @Test
  void anotherSitesPageOrAForeignHostNameIsRefused() throws Exception {
    HttpResponse<String> page = send("POST", "/api/v1/cluster/down", null,
        Map.of("Origin", "http://evil.example", "Authorization", access.bearer()));
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(page.body()).getString("detail")).contains("http://evil.example");
    assertThat(rawStatus("evil.example:" + api.port())).as("a name rebound to this host").isEqualTo(403);
    assertThat(rawStatus("127.0.0.1:" + api.port())).isEqualTo(200);
    assertThat(rawStatus("localhost:" + api.port())).isEqualTo(200);
  }

  /** The status of GET /api/v1/nodes sent with {@code host} as its Host header (the JDK client will not set it). */
  private int rawStatus(String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/v1/nodes HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + access.bearer()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
