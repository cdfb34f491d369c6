package io.unum.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A raw client of the orchestrator's REST API, for what the CLI does not show. */
class Api {
  /** Where the orchestrator of this machine keeps its admin credential (the tests run as root). */
  static final Path LOCAL_TOKEN = Path.of("/etc/unum/admin-token");
  /** The orchestrator of this machine (what 'unum up' starts), called as its admin. */
  static final Api LOCAL = new Api("http://127.0.0.1:7070", LOCAL_TOKEN);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  /** The admin credential this client shows; read at each call, as a restarted daemon may write a new one. */
  private final Path tokenFile;

  Api(String base, Path tokenFile) {
    this.base = base;
    this.tokenFile = tokenFile;
  }

  /** The same API called with no credential at all, as an outsider would. */
  Api anonymous() {
    return new Api(base, null);
  }

  /** The same API called with {@code token}. */
  Api withToken(String token) {
    return new Api(base, null) {
      @Override
      HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token);
      }
    };
  }

  /** The admin credential as a header value. */
  String bearer() {
    return "Bearer " + token(tokenFile);
  }

  static String token(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new AssertionError("no admin credential at " + file + ": " + e.getMessage(), e);
    }
  }

  /** Adds this client's credential to {@code request}. */
  HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return tokenFile == null ? request : request.header("Authorization", bearer());
  }

  String base() {
    return base;
  }

  /** A response: status and parsed JSON body. */
  record Response(int status, JsonNode body) {}

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Response post(String path, String json) {
    return post(path, json, Map.of());
  }

  /** POSTs {@code json} (null: no body) with extra headers. */
  Response post(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(request::header);
    if (json == null) {
      return send(request.POST(HttpRequest.BodyPublishers.noBody()));
    }
    return send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response put(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response patch(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
  }

  /** Whether an orchestrator answers here. */
  boolean reachable() {
    try {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What a program run through {@code POST /api/v1/processes} did; {@code startedNanos} when its start was reported. */
  record Run(int node, long startedNanos, String stdout, String stderr, int exit) {}

  /** Runs {@code argv} on {@code node} (null: where the cluster places it) and waits for its end. */
  Run run(Integer node, String... argv) {
    try {
      var body = JSON.createObjectNode();
      body.set("argv", JSON.valueToTree(java.util.List.of(argv)));
      if (node != null) {
        body.put("node", node);
      }
      HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(authorized(HttpRequest.newBuilder(URI.create(base + "/api/v1/processes")))
          .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofLines());
      StringBuilder out = new StringBuilder();
      StringBuilder err = new StringBuilder();
      long[] started = {0};
      int[] ranOn = {node == null ? 0 : node};
      int[] exit = {-1};
      response.body().forEach(line -> {
        try {
          JsonNode event = JSON.readTree(line);
          switch (event.path("event").asText()) {
            case "started" -> {
              started[0] = System.nanoTime();
              ranOn[0] = event.path("node").asInt();
            }
            case "output" -> (event.path("stream").asText().equals("stderr") ? err : out).append(new String(
                java.util.Base64.getDecoder().decode(event.path("data").asText()), java.nio.charset.StandardCharsets.UTF_8));
            case "exit" -> exit[0] = event.path("code").asInt();
            case "error" -> err.append(event.path("message").asText());
            default -> err.append(line);
          }
        } catch (IOException e) {
          err.append(line);
        }
      });
      return new Run(ranOn[0], started[0], out.toString(), err.toString(), exit[0]);
    } catch (IOException e) {
      throw new AssertionError("run on node " + node + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The node's entry of GET /api/v1/nodes/{n}. */
  JsonNode node(int node) {
    return get("/api/v1/nodes/" + node).body();
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(authorized(request).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Response(response.statusCode(), body.isBlank() ? null : JSON.readTree(body));
    } catch (Exception e) {
      throw new AssertionError("API call failed: " + e.getMessage(), e);
    }
  }
}
