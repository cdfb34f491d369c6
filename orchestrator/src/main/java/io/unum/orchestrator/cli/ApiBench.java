package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code unum bench api}: API latency and rate with 1,000 node specs (defined, not started), from a client on the same host and on another host, beside the
 * cheapest route (the served OpenAPI document: no cluster state) as the framework's floor; and
 * how long an event takes from the change to an SSE client on another host.
 */
final class ApiBench {
  /** As the issue asks: a large cluster's worth (the lab's PID space allows 1023). */
  private static final int SPECS = 1000;
  private static final int CLIENTS = 32;
  private static final int SECONDS = 20;
  private static final int EVENTS = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Installation installation;
  private final List<String[]> rows = new ArrayList<>();

  ApiBench(Installation installation) {
    this.installation = installation;
  }

  int run() throws Exception {
    List<Integer> created = new ArrayList<>();
    try (BenchLab bench = BenchLab.open(installation, "--hosts", "2")) {
      try {
        Lab lab = bench.lab();
        ApiClient api = LabCommand.client(1);
        List<String> existing = api.get("/api/v1/nodes").findValuesAsText("node");
        System.err.printf("unum bench api: defining node specs 1..%d%n", SPECS);
        for (int node = 1; node <= SPECS; node++) {
          if (existing.contains(String.valueOf(node))) {
            continue;
          }
          api.post("/api/v1/nodes", Map.of("node", node, "start", false, "labels", Map.of("unum-bench", "api")));
          created.add(node);
          if (created.size() % 200 == 0) {
            System.err.printf("  %d specs created%n", created.size());
          }
        }
        int specs = api.get("/api/v1/nodes").size();
        System.err.printf("unum bench api: %d node specs defined (%d by the bench); %d clients x %d s per line%n",
            specs, created.size(), CLIENTS, SECONDS);
        String same = "http://127.0.0.1:" + LabLayout.API_PORT;
        String other = "http://" + LabLayout.address(1) + ":" + LabLayout.API_PORT;
        for (String[] path : List.of(new String[] {"GET /api/v1/nodes (" + specs + " specs)", "/api/v1/nodes"},
            new String[] {"GET /api/v1/nodes/{n}", "/api/v1/nodes/{n}"},
            new String[] {"GET /api/v1/openapi.json (floor: no cluster state)", "/api/v1/openapi.json"},
            new String[] {"GET /api/v1/health with the admin token", "/api/v1/health"},
            new String[] {"GET /api/v1/health without a credential", "/api/v1/health",
                "--no-credential"})) {
          load(lab, LabLayout.name(1), same, path, "same host");
          load(lab, LabLayout.name(2), other, path, "another host");
        }
        sseDelay(api);
      } finally {
        ApiClient api = LabCommand.client(1);
        for (int node : created) {
          api.delete("/api/v1/nodes/" + node);
        }
      }
    }
    System.out.println();
    System.out.println("unum bench api (" + CLIENTS + " concurrent clients, " + SECONDS + " s each; lab host "
        + LabLayout.name(1) + " serves)");
    System.out.printf("  %-52s %-13s %9s %9s %9s %7s%n", "request", "client on", "req/s", "p50 ms", "p99 ms", "errors");
    for (String[] row : rows) {
      System.out.printf("  %-52s %-13s %9s %9s %9s %7s%n", (Object[]) row);
    }
    return 0;
  }

  private void load(Lab lab, String clientHost, String url, String[] path, String where) throws Exception {
    System.err.printf("  %s from %s ...%n", path[0], where);
    List<String> command = new ArrayList<>(List.of("unum", "api-load", "--url", url, "--path", path[1],
        "--nodes", String.valueOf(SPECS), "--clients", String.valueOf(CLIENTS), "--seconds", String.valueOf(SECONDS)));
    command.addAll(List.of(path).subList(2, path.length));
    String out = lab.run(clientHost, command.toArray(String[]::new));
    JsonNode result = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
    rows.add(new String[] {path[0], where, String.format("%.0f", result.path("perSecond").asDouble()),
        String.format("%.2f", result.path("p50Ms").asDouble()), String.format("%.2f", result.path("p99Ms").asDouble()),
        result.path("errors").asText()});
  }

  /** Changes node 1's labels through host 1 and times each change's arrival at an SSE client of host 2. */
  private void sseDelay(ApiClient api) throws Exception {
    System.err.printf("  SSE delivery of %d changes ...%n", EVENTS);
    HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(LabLayout.apiUrl(2) + "/api/v1/events?types=node.updated"))
        .header("Authorization", "Bearer " + CliCredential.read(new LabLayout(LabLayout.DIR).adminToken(2)).orElseThrow(
            () -> new CliFailure("no admin credential of lab host 2; is the lab up?"))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<Long> delays = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("data: ")) {
            long arrived = System.currentTimeMillis();
            long published = JSON.readTree(line.substring(6)).path("timeMillis").asLong();
            synchronized (delays) {
              delays.add(arrived - published);
              delays.notifyAll();
            }
          }
        }
      } catch (Exception e) {
        // The stream is closed when the bench is done.
      }
    }, "sse-bench");
    reader.setDaemon(true);
    reader.start();
    for (int i = 0; i < EVENTS; i++) {
      api.patch("/api/v1/nodes/1", Map.of("labels", Map.of("unum-bench-seq", String.valueOf(i))));
      Thread.sleep(20);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (delays) {
      while (delays.size() < EVENTS && System.nanoTime() < deadline) {
        delays.wait(500);
      }
    }
    stream.body().close();
    api.patch("/api/v1/nodes/1", Map.of("labels", java.util.Collections.singletonMap("unum-bench-seq", null)));
    long[] sorted = delays.stream().mapToLong(millis -> millis * 1_000_000).sorted().toArray();
    rows.add(new String[] {"SSE: change on host 1 -> event at a client of host 2", "this machine",
        String.valueOf(sorted.length) + " ev", String.format("%.2f", ApiLoadCommand.percentile(sorted, 0.50)),
        String.format("%.2f", ApiLoadCommand.percentile(sorted, 0.99)), String.valueOf(EVENTS - sorted.length)});
  }
}
