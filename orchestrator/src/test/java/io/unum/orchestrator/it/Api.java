package io.unum.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiException;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.ApiResponse;
import io.unum.orchestrator.client.ApiTransport;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.client.LineStream;
import io.unum.orchestrator.client.UnumClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A raw client of the orchestrator's REST API, for what the CLI does not show: the one client
 * (ApiTransport) with every status handed back, so tests can check refusals too.
 */
class Api {
  /** Where the orchestrator of this machine keeps its admin credential (the tests run as root). */
  static final Path LOCAL_TOKEN = Path.of("/etc/unum/admin-token");
  /** A busy lab host must get to answer; a dead one is named within a minute. */
  private static final Duration CONNECT = Duration.ofSeconds(5);
  private static final Duration READ = Duration.ofSeconds(60);
  /** "Is it back?" is asked in a loop: each ask short. */
  private static final Duration PROBE = Duration.ofSeconds(5);
  /** The orchestrator of this machine (what 'unum up' starts), called as its admin; after the deadlines it uses. */
  static final Api LOCAL = new Api("http://127.0.0.1:7070", LOCAL_TOKEN);

  private final UnumClient client;

  /** The API at {@code base} called with the credential in {@code tokenFile}, read at each call (a restarted daemon may write a new one). */
  Api(String base, Path tokenFile) {
    this(base, () -> tokenFile == null ? Optional.empty() : Optional.of(token(tokenFile)));
  }

  private Api(String base, Supplier<Optional<String>> credential) {
    this.client = new UnumClient(new ApiTransport(base, credential).withDeadlines(CONNECT, READ));
  }

  /** The same API called with no credential at all, as an outsider would. */
  Api anonymous() {
    return new Api(base(), Optional::empty);
  }

  /** The same API called with {@code token}. */
  Api withToken(String token) {
    return new Api(base(), () -> Optional.of(token));
  }

  /** This client's credential as a header value, for tests that make requests of their own. */
  String bearer() {
    return transport().authorization().orElseThrow(() -> new AssertionError("this client shows no credential"));
  }

  static String token(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new AssertionError("no admin credential at " + file + ": " + e.getMessage(), e);
    }
  }

  String base() {
    return client.base();
  }

  /** The HTTP underneath, for what the verbs below do not cover (e.g. the event stream). */
  ApiTransport transport() {
    return client.transport();
  }

  /** A response: status and parsed JSON body (null: none; a JSON string: a body that is not JSON). */
  record Response(int status, JsonNode body) {}

  Response get(String path) {
    return send("GET", path, null, Map.of());
  }

  Response post(String path, String json) {
    return post(path, json, Map.of());
  }

  /** POSTs {@code json} (null: no body) with extra headers. */
  Response post(String path, String json, Map<String, String> headers) {
    return send("POST", path, json, headers);
  }

  Response put(String path, String json) {
    return send("PUT", path, json, Map.of());
  }

  Response patch(String path, String json) {
    return send("PATCH", path, json, Map.of());
  }

  Response delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Whether an orchestrator answers here. */
  boolean reachable() {
    try {
      return transport().withDeadlines(PROBE, PROBE).exchange("GET", ApiPaths.HEALTH, null, Map.of()).status() == 200;
    } catch (ApiUnreachableException e) {
      return false;
    }
  }

  /** What a program run through {@code POST /api/v1/processes} did; {@code startedNanos} when its start was reported. */
  record Run(int node, long startedNanos, String stdout, String stderr, int exit) {}

  /**
   * Runs {@code argv} on {@code node} (null: where the cluster places it) and waits for its end. A
   * refusal (the node not ready yet, say) is a run that did not exit: its problem in stderr.
   */
  Run run(Integer node, String... argv) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    long[] started = {0};
    int[] ranOn = {node == null ? 0 : node};
    int[] exit = {-1};
    try {
      client.processes().run(node, List.of(argv), line -> {
        try {
          JsonNode event = client.json().readTree(line);
          switch (event.path("event").asText()) {
            case "started" -> {
              started[0] = System.nanoTime();
              ranOn[0] = event.path("node").asInt();
            }
            case "output" -> (event.path("stream").asText().equals("stderr") ? err : out).append(new String(
                Base64.getDecoder().decode(event.path("data").asText()), StandardCharsets.UTF_8));
            case "exit" -> exit[0] = event.path("code").asInt();
            case "error" -> err.append(event.path("message").asText());
            default -> err.append(line);
          }
        } catch (IOException e) {
          err.append(line);
        }
      });
    } catch (ApiException e) {
      err.append(e.problem().isMissingNode() ? e.detail() : e.problem().toString());
    } catch (ApiUnreachableException e) {
      throw new AssertionError("run on node " + node + " failed: " + e.getMessage(), e);
    }
    return new Run(ranOn[0], started[0], out.toString(), err.toString(), exit[0]);
  }

  /** Opens the event stream (SSE) of {@code types}, from the next change on; the reading thread closes it. */
  LineStream events(String types) {
    return client.events(types, null);
  }

  /** GET /metrics: the Prometheus text. */
  String metrics() {
    try {
      return client.metrics();
    } catch (ApiException | ApiUnreachableException e) {
      throw new AssertionError("GET /metrics failed: " + e.getMessage(), e);
    }
  }

  /** The node's entry of GET /api/v1/nodes/{n}. */
  JsonNode node(int node) {
    return get(ApiPaths.node(node)).body();
  }

  private Response send(String method, String path, String json, Map<String, String> headers) {
    try {
      ApiResponse response = transport().exchange(method, path,
          json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers);
      return new Response(response.status(), response.body());
    } catch (ApiUnreachableException e) {
      throw new AssertionError("API call failed: " + e.getMessage(), e);
    }
  }
}
