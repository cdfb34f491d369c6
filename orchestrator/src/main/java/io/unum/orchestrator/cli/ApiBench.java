package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.LineStream;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
        UnumClient api = LabCommand.client(1);
        List<String> existing = api.nodes().list().findValuesAsText("node");
        System.err.printf("unum bench api: defining node specs 1..%d%n", SPECS);
        for (int node = 1; node <= SPECS; node++) {
          if (existing.contains(String.valueOf(node))) {
            continue;
          }
          api.nodes().create(NewNode.defaults().numbered(node).stopped().labelled(Map.of("unum-bench", "api")));
          created.add(node);
          if (created.size() % 200 == 0) {
            System.err.printf("  %d specs created%n", created.size());
          }
        }
        int specs = api.nodes().list().size();
        System.err.printf("unum bench api: %d node specs defined (%d by the bench); %d clients x %d s per line%n",
            specs, created.size(), CLIENTS, SECONDS);
        String same = "http://127.0.0.1:" + LabLayout.API_PORT;
        String other = "http://" + LabLayout.address(1) + ":" + LabLayout.API_PORT;
        // api-load GETs each path; {n} becomes a node number there.
        String anyNode = ApiPaths.NODES + "/{n}";
        for (String[] path : List.of(new String[] {"GET " + ApiPaths.NODES + " (" + specs + " specs)", ApiPaths.NODES},
            new String[] {"GET " + anyNode, anyNode},
            new String[] {"GET " + ApiPaths.OPENAPI + " (floor: no cluster state)", ApiPaths.OPENAPI},
            new String[] {"GET " + ApiPaths.HEALTH + " with the admin token", ApiPaths.HEALTH},
            new String[] {"GET " + ApiPaths.HEALTH + " without a credential", ApiPaths.HEALTH,
                "--no-credential"})) {
          load(lab, LabLayout.name(1), same, path, "same host");
          load(lab, LabLayout.name(2), other, path, "another host");
        }
        sseDelay(api);
      } finally {
        UnumClient api = LabCommand.client(1);
        for (int node : created) {
          api.nodes().delete(node);
        }
      }
      bench.finished();
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
  private void sseDelay(UnumClient api) throws Exception {
    System.err.printf("  SSE delivery of %d changes ...%n", EVENTS);
    if (CliCredential.read(new LabLayout(LabLayout.DIR).adminToken(2)).isEmpty()) {
      throw new CliFailure("no admin credential of lab host 2; is the lab up?");
    }
    LineStream stream = LabCommand.client(2).events("node.updated", null);
    List<Long> delays = new ArrayList<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      // Closed here, by the thread that reads it (see LineStream): at the first line once done.
      try (LineStream lines = stream) {
        for (String line = lines.readLine(); line != null && !done.get(); line = lines.readLine()) {
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
      api.nodes().update(1, null, null, Map.of("unum-bench-seq", String.valueOf(i)));
      Thread.sleep(20);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (delays) {
      while (delays.size() < EVENTS && System.nanoTime() < deadline) {
        delays.wait(500);
      }
    }
    done.set(true);
    api.nodes().update(1, null, null, java.util.Collections.singletonMap("unum-bench-seq", null)); // wakes the reader
    long[] sorted = delays.stream().mapToLong(millis -> millis * 1_000_000).sorted().toArray();
    rows.add(new String[] {"SSE: change on host 1 -> event at a client of host 2", "this machine",
        String.valueOf(sorted.length) + " ev", String.format("%.2f", ApiLoadCommand.percentile(sorted, 0.50)),
        String.format("%.2f", ApiLoadCommand.percentile(sorted, 0.99)), String.valueOf(EVENTS - sorted.length)});
  }
}
