package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The CLI's view of an orchestrator's REST API. Plain HttpURLConnection: it loads fast, and
 * CLI start-up is what people feel on every command.
 */
final class ApiClient {
  private final String base;
  private final Supplier<Optional<String>> token;
  private final ObjectMapper json = new ObjectMapper();

  /** @param token the credential to show, read at each request (a daemon may write it meanwhile) */
  ApiClient(String base, Supplier<Optional<String>> token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  /** A client that shows this host's usual credential (see {@link CliCredential}). */
  static ApiClient withUsualCredential(String base) {
    return new ApiClient(base, () -> CliCredential.resolve(System.getenv()));
  }

  String base() {
    return base;
  }

  ObjectMapper json() {
    return json;
  }

  JsonNode get(String path) {
    return call("GET", path, null);
  }

  /** GETs a resource; empty when the API answers 404 (no such resource). */
  Optional<JsonNode> find(String path) {
    try {
      HttpURLConnection connection = send("GET", path, null, Map.of());
      if (connection.getResponseCode() == 404) {
        return Optional.empty();
      }
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return Optional.of(json.readTree(in));
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** GETs a text answer (e.g. the Prometheus metrics). */
  String getText(String path) {
    try {
      HttpURLConnection connection = open("GET", path);
      connection.setRequestProperty("Accept", "text/plain");
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  JsonNode post(String path, Object body) {
    return call("POST", path, body);
  }

  /** POSTs {@code body} with extra request headers (e.g. Idempotency-Key). */
  JsonNode post(String path, Object body, Map<String, String> headers) {
    return call("POST", path, body, headers);
  }

  JsonNode put(String path, Object body) {
    return call("PUT", path, body);
  }

  /** PUTs {@code body} with extra request headers (e.g. Idempotency-Key). */
  JsonNode put(String path, Object body, Map<String, String> headers) {
    return call("PUT", path, body, headers);
  }

  /** PATCH, which HttpURLConnection cannot send: the JDK's HttpClient (slower to load) does it. */
  JsonNode patch(String path, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json").header("Accept", "application/json")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      token.get().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        JsonNode answer = json.readTree(in);
        if (response.statusCode() >= 400) {
          throw failure(response.statusCode(), answer.path("detail").asText("HTTP " + response.statusCode()));
        }
        return answer;
      }
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
  }

  JsonNode delete(String path) {
    return call("DELETE", path, null);
  }

  /** Whether an orchestrator answers at all (its health probe needs no credential). */
  boolean reachable() {
    try {
      HttpURLConnection connection = open("GET", "/api/v1/health");
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** POSTs {@code body} and hands every line of the streamed answer to {@code onLine}. */
  void stream(String path, Object body, Consumer<String> onLine) {
    stream("POST", path, body, Map.of(), onLine);
  }

  /** Sends a request and hands every line of the streamed answer to {@code onLine}. */
  void stream(String method, String path, Object body, Map<String, String> headers, Consumer<String> onLine) {
    try {
      HttpURLConnection connection = send(method, path, body, headers);
      connection.setReadTimeout(0);
      checkStatus(connection);
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          onLine.accept(line);
        }
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private JsonNode call(String method, String path, Object body) {
    return call(method, path, body, Map.of());
  }

  private JsonNode call(String method, String path, Object body, Map<String, String> headers) {
    try {
      HttpURLConnection connection = send(method, path, body, headers);
      checkStatus(connection);
      try (InputStream in = connection.getInputStream()) {
        return json.readTree(in);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private HttpURLConnection send(String method, String path, Object body, Map<String, String> headers)
      throws IOException {
    HttpURLConnection connection = open(method, path);
    headers.forEach(connection::setRequestProperty);
    if (body != null) {
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = connection.getOutputStream()) {
        json.writeValue(out, body);
      }
    }
    return connection;
  }

  private HttpURLConnection open(String method, String path) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    connection.setRequestMethod(method);
    connection.setConnectTimeout(3000);
    connection.setReadTimeout(120_000);
    connection.setRequestProperty("Accept", "application/json");
    token.get().ifPresent(t -> connection.setRequestProperty("Authorization", "Bearer " + t));
    return connection;
  }

  private void checkStatus(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    if (status < 400) {
      return;
    }
    String detail = "HTTP " + status;
    try (InputStream err = connection.getErrorStream()) {
      if (err != null) {
        JsonNode problem = json.readTree(err);
        detail = problem.path("detail").asText(detail);
      }
    } catch (IOException e) {
      // Not problem+json: keep the status line.
    }
    throw failure(status, detail);
  }

  /** A refusal, with what to do next when it is about the credential. */
  private CliFailure failure(int status, String detail) {
    if (status == 401) {
      return CliFailure.refusal(detail + " (the CLI shows $UNUM_TOKEN, the file $UNUM_TOKEN_FILE or"
          + " ~/.config/unum/token; root on a host uses /etc/unum/admin-token)", status);
    }
    return CliFailure.refusal(detail, status);
  }

  private CliFailure unreachable(IOException e) {
    if (e instanceof ConnectException) {
      return new CliFailure("no orchestrator answers at " + base + "; start one with './unum up'");
    }
    return new CliFailure("talking to the orchestrator at " + base + " failed: " + e.getMessage());
  }
}
