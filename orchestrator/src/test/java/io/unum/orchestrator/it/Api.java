package io.unum.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A raw client of the orchestrator's REST API, for what the CLI does not show. */
final class Api {
  static final String BASE = "http://127.0.0.1:7070";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  /** A response: status and parsed JSON body. */
  record Response(int status, JsonNode body) {}

  static Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(BASE + path)).GET());
  }

  static Response post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(BASE + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static Response delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(BASE + path)).DELETE());
  }

  /** The node's entry of GET /api/v1/nodes/{n}. */
  static JsonNode node(int node) {
    return get("/api/v1/nodes/" + node).body();
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Response(response.statusCode(), body.isBlank() ? null : JSON.readTree(body));
    } catch (Exception e) {
      throw new AssertionError("API call failed: " + e.getMessage(), e);
    }
  }
}
