package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The one HTTP exchange with an orchestrator's API: base URL, credential, JSON, deadlines, errors. */
public final class ApiTransport {
  // Plain HttpURLConnection: it loads fast, and CLI start-up is what people feel on every command.
  // The API refusing is an ApiException, no answer an ApiUnreachableException, whatever the verb.

  /** Long enough for a busy host to accept, short enough that a dead one is named soon. */
  static final Duration CONNECT_DEADLINE = Duration.ofSeconds(3);
  /** Answers wait on the control plane, which may take a while under load; never forever. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(120);
  /** "Is anyone there?" must answer fast, and a health check is cheap to answer. */
  private static final int PROBE_CONNECT_MILLIS = 500;
  private static final int PROBE_READ_MILLIS = 2000;
  /** Thread-safe once configured; one per process spares every client its start-up cost. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final Supplier<Optional<String>> credential;
  private final Duration connectDeadline;
  private final Duration readDeadline;
  /** For PATCH only, made on first use: the JDK's HttpClient is slower to load. */
  private HttpClient httpClient;

  /**
   * @param base       the API's base URL, e.g. http://127.0.0.1:7070
   * @param credential the token to show, read at each request (a daemon may write a new one meanwhile)
   */
  public ApiTransport(String base, Supplier<Optional<String>> credential) {
    this(base, credential, CONNECT_DEADLINE, READ_DEADLINE);
  }

  /** With other deadlines: tests use short ones, so that a silent server fails fast. */
  ApiTransport(String base, Supplier<Optional<String>> credential, Duration connectDeadline, Duration readDeadline) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.credential = credential;
    this.connectDeadline = connectDeadline;
    this.readDeadline = readDeadline;
  }

  /** The same API and credential with other deadlines (e.g. a kill forwarded while someone waits). */
  public ApiTransport withDeadlines(Duration connect, Duration read) {
    return new ApiTransport(base, credential, connect, read);
  }

  public String base() {
    return base;
  }

  /**
   * Loads the JSON mapper and reads one small document with it. A CLI start does it on a second
   * core while picocli builds its model on the first: the mapper's first use costs ~60 ms of a
   * ~350 ms start on a 2-core machine, and nothing else waits for it until the answer arrives.
   */
  public static void warmUp() {
    try {
      JSON.readTree("{\"warm\": [1, \"up\"]}");
    } catch (IOException e) {
      throw new IllegalStateException("the JSON mapper cannot read a constant", e);
    }
  }

  /** The JSON mapper requests are written and answers read with. */
  public ObjectMapper json() {
    return JSON;
  }

  /**
   * The Authorization header value requests carry now, if there is a credential, also for callers
   * that must make their own requests (a load generator's clients).
   */
  public Optional<String> authorization() {
    return credential.get().map(ApiTransport::bearer);
  }

  /**
   * The Authorization header value that shows {@code token}: the one place it is formed, also for
   * the relay that forwards a node's request to its host with this host's credential.
   */
  public static String bearer(String token) {
    return "Bearer " + token;
  }

  public JsonNode get(String path) {
    return call("GET", path, null, Map.of());
  }

  /** GETs a resource; empty when the API answers 404 (no such resource). */
  public Optional<JsonNode> find(String path) {
    try {
      HttpURLConnection connection = send("GET", path, null, Map.of(), millis(readDeadline));
      if (connection.getResponseCode() == 404) {
        return Optional.empty();
      }
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(JSON.readTree(in));
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** GETs a text answer (e.g. the Prometheus metrics). */
  public String getText(String path) {
    try {
      HttpURLConnection connection = send("GET", path, null, Map.of("Accept", "text/plain"), millis(readDeadline));
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** POSTs {@code body} (null: none) as JSON. */
  public JsonNode post(String path, Object body) {
    return call("POST", path, body, Map.of());
  }

  /** POSTs {@code body} with extra request headers (e.g. Idempotency-Key). */
  public JsonNode post(String path, Object body, Map<String, String> headers) {
    return call("POST", path, body, headers);
  }

  public JsonNode put(String path, Object body) {
    return call("PUT", path, body, Map.of());
  }

  /** PUTs {@code body} with extra request headers (e.g. Idempotency-Key). */
  public JsonNode put(String path, Object body, Map<String, String> headers) {
    return call("PUT", path, body, headers);
  }

  /** PATCH, which HttpURLConnection cannot send: the JDK's HttpClient does it. */
  public JsonNode patch(String path, Object body) {
    HttpResponse<byte[]> response = viaHttpClient("PATCH", path, bytes(body), Map.of());
    if (response.statusCode() >= 400) {
      throw new ApiException(response.statusCode(), problem(response.body()));
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  public JsonNode delete(String path) {
    return call("DELETE", path, null, Map.of());
  }

  /** Whether an orchestrator answers at all (its health probe needs no credential), within 2.5 s. */
  public boolean reachable() {
    try {
      HttpURLConnection connection = open("GET", ApiPaths.HEALTH, PROBE_CONNECT_MILLIS, PROBE_READ_MILLIS);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Sends a request whose answer streams (NDJSON, SSE) and returns its lines as they come; the
   * caller closes them. No read deadline: a stream may rightly stay quiet for long.
   */
  public LineStream lines(String method, String path, Object body, Map<String, String> headers) {
    try {
      HttpURLConnection connection = send(method, path, bytes(body), headers, 0);
      checkStatus(connection);
      return new LineStream(base, connection.getInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Sends a request and hands every line of the streamed answer to {@code onLine}, until it ends. */
  public void stream(String method, String path, Object body, Map<String, String> headers, Consumer<String> onLine) {
    try (LineStream lines = lines(method, path, body, headers)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        onLine.accept(line);
      }
    }
  }

  /**
   * One request whatever the answer's status, for callers that check statuses themselves (tests):
   * {@code json} is sent as it is (null: no body), so it may be malformed on purpose. Throws only
   * when no answer came. A body that is not JSON comes back as a JSON string.
   */
  public ApiResponse exchange(String method, String path, byte[] json, Map<String, String> headers) {
    if (method.equals("PATCH")) {
      HttpResponse<byte[]> response = viaHttpClient(method, path, json, headers);
      return new ApiResponse(response.statusCode(), answer(response.body()), headers(response.headers().map()));
    }
    try {
      HttpURLConnection connection = send(method, path, json, headers, millis(readDeadline));
      int status = connection.getResponseCode();
      byte[] body;
      try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
      return new ApiResponse(status, answer(body), headers(connection.getHeaderFields()));
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private JsonNode call(String method, String path, Object body, Map<String, String> headers) {
    try {
      HttpURLConnection connection = send(method, path, bytes(body), headers, millis(readDeadline));
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return JSON.readTree(in);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Opens the connection and sends the body; the caller's headers come last, so they win. */
  private HttpURLConnection send(String method, String path, byte[] body, Map<String, String> headers,
      int readMillis) throws IOException {
    HttpURLConnection connection = open(method, path, millis(connectDeadline), readMillis);
    if (body != null) {
      connection.setRequestProperty("Content-Type", "application/json");
    }
    headers.forEach(connection::setRequestProperty);
    if (body != null) {
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    return connection;
  }

  private HttpURLConnection open(String method, String path, int connectMillis, int readMillis) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    connection.setRequestMethod(method);
    connection.setConnectTimeout(connectMillis);
    connection.setReadTimeout(readMillis);
    connection.setRequestProperty("Accept", "application/json");
    authorization().ifPresent(value -> connection.setRequestProperty("Authorization", value));
    return connection;
  }

  private HttpResponse<byte[]> viaHttpClient(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.BodyPublisher sent = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(readDeadline)
        .header("Accept", "application/json").method(method, sent);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    authorization().ifPresent(value -> request.header("Authorization", value));
    headers.forEach(request::setHeader);
    try {
      return httpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(new InterruptedIOException("interrupted"));
    }
  }

  private synchronized HttpClient httpClient() {
    if (httpClient == null) {
      httpClient = HttpClient.newBuilder().connectTimeout(connectDeadline).build();
    }
    return httpClient;
  }

  private void checkStatus(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status < 400) {
      return;
    }
    byte[] body = new byte[0];
    try (InputStream err = connection.getErrorStream()) {
      if (err != null) {
        body = err.readAllBytes();
      }
    } catch (IOException e) {
      // The status alone says enough.
    }
    throw new ApiException(status, problem(body));
  }

  /** The problem an error answer carries; null when it is not JSON (the status then speaks). */
  private static JsonNode problem(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** An answer's body for {@link #exchange}: JSON, else its text as a JSON string, null when empty. */
  private static JsonNode answer(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return TextNode.valueOf(text);
    }
  }

  private static byte[] bytes(Object body) {
    try {
      return body == null ? null : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not writable as JSON: " + body.getClass().getName(), e);
    }
  }

  private static Map<String, List<String>> headers(Map<String, List<String>> given) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    given.forEach((name, values) -> {
      if (name != null) { // HttpURLConnection lists the status line under null
        headers.put(name, List.copyOf(values));
      }
    });
    return headers;
  }

  private static int millis(Duration deadline) {
    return (int) Math.min(Integer.MAX_VALUE, deadline.toMillis());
  }

  private ApiUnreachableException unreachable(IOException e) {
    return new ApiUnreachableException(base, e);
  }
}
