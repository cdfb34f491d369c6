package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Samples;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.LineStream;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code unum bench api}: API latency and rate with 1,000 node specs (defined, not started), from a client on the same host and on another host, beside the
 * cheapest route (the served OpenAPI document: no cluster state) as the framework's floor; and
 * how long an event takes from the change to an SSE client on another host; and {@code unum nodes}
 * typed on this machine beside curl fetching the same list.
 */
public final class ApiBench {
  /** As the issue asks: a large cluster's worth (the lab's PID space allows 1023). */
  private static final int SPECS = 1000;
  /** As the issue's target for the node list says: 8 concurrent clients. */
  private static final int CLIENTS = 8;
  private static final int SECONDS = 20;
  private static final int EVENTS = 200;
  private static final int CLI_RUNS = 10;
  private static final String WITHOUT_CREDENTIAL = "without a credential";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of load: a request, from where, and what api-load measured. */
  private record Load(String request, String path, String where, double perSecond, double p50Ms, double p99Ms,
      String errors) {}

  private final BenchSetup setup;
  private final List<Load> loads = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();

  public ApiBench(BenchSetup setup) {
    this.setup = setup;
  }

  public BenchResult run() throws Exception {
    List<Integer> created = new ArrayList<>();
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "2")) {
      try {
        Lab lab = bench.lab();
        UnumClient api = setup.labClient(1);
        cliNodes(api.nodes().list().size());
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
        String listing = "GET " + ApiPaths.NODES + " (" + specs + " specs)";
        for (String[] path : List.of(new String[] {listing, ApiPaths.NODES},
            new String[] {listing + ", gzip accepted", ApiPaths.NODES, "--gzip"},
            new String[] {listing + ", polled with If-None-Match", ApiPaths.NODES, "--revalidate"},
            new String[] {"GET " + anyNode, anyNode},
            new String[] {"GET " + ApiPaths.OPENAPI + " (floor: no cluster state)", ApiPaths.OPENAPI},
            new String[] {"GET " + ApiPaths.HEALTH + " with the admin token", ApiPaths.HEALTH},
            new String[] {"GET " + ApiPaths.HEALTH + " " + WITHOUT_CREDENTIAL, ApiPaths.HEALTH,
                "--no-credential"})) {
          load(lab, LabLayout.name(1), same, path, "same host");
          load(lab, LabLayout.name(2), other, path, "another host");
        }
        sseDelay(api);
      } finally {
        UnumClient api = setup.labClient(1);
        for (int node : created) {
          api.nodes().delete(node);
        }
      }
      bench.finished();
    }
    System.out.println();
    System.out.println("unum bench api (" + CLIENTS + " concurrent clients, " + SECONDS + " s each; lab host "
        + LabLayout.name(1) + " serves)");
    System.out.printf("  %-60s %-13s %9s %9s %9s %7s%n", "request", "client on", "req/s", "p50 ms", "p99 ms", "errors");
    for (Load load : loads) {
      System.out.printf("  %-60s %-13s %9.0f %9.2f %9.2f %7s%n", load.request(), load.where(), load.perSecond(),
          load.p50Ms(), load.p99Ms(), load.errors());
    }
    figures.addAll(0, loadFigures());
    figures.forEach(f -> System.out.printf("  %-52s %s%s%n", f.name(), f.format(f.value()),
        f.baseline() == null ? "" : " (" + f.baseline().what() + ": " + f.format(f.baseline().value()) + ")"));
    return new BenchResult("api", CLIENTS + " concurrent clients, " + SECONDS + " s per request; lab host "
        + LabLayout.name(1) + " serves", figures);
  }

  /**
   * Each request's p99 beside a baseline from the same client host: the floor (the served document)
   * for cluster state, the same request without a credential for a token check; the issue's
   * targets on the same host.
   */
  private List<Figure> loadFigures() {
    List<Figure> list = new ArrayList<>();
    for (Load load : loads) {
      boolean health = load.path().equals(ApiPaths.HEALTH);
      if (load.path().equals(ApiPaths.OPENAPI) || health && load.request().contains(WITHOUT_CREDENTIAL)) {
        continue; // baselines
      }
      Figure figure = Figure.lower(load.request() + ", p99, client on " + load.where(), load.p99Ms(), "ms");
      for (Load base : loads) {
        boolean match = base.where().equals(load.where()) && (health
            ? base.path().equals(ApiPaths.HEALTH) && base.request().contains(WITHOUT_CREDENTIAL)
            : base.path().equals(ApiPaths.OPENAPI));
        if (match) {
          figure = figure.beside(health ? "the same without a credential" : "static document (floor)", base.p99Ms());
        }
      }
      boolean sameHost = load.where().equals("same host");
      if (sameHost && load.path().equals(ApiPaths.NODES)) {
        figure = figure.aiming(20);
      } else if (sameHost && load.path().endsWith("/{n}")) {
        figure = figure.aiming(5);
      }
      list.add(figure);
    }
    return list;
  }

  /**
   * {@code unum nodes} typed on this machine against lab host 1 (JVM start included), median of
   * {@link #CLI_RUNS}, beside curl fetching the same list, when curl is installed.
   */
  private void cliNodes(int nodes) throws IOException, InterruptedException {
    System.err.printf("  unum nodes x %d, curl x %d ...%n", CLI_RUNS, CLI_RUNS);
    Path token = new LabLayout(LabLayout.DIR).adminToken(1);
    String unum = setup.launcher().toString();
    double cli = medianSeconds(List.of(unum, "--host", "127.0.0.1:" + LabLayout.apiPort(1), "nodes"),
        Map.of("UNUM_TOKEN_FILE", token.toString()));
    Figure figure = Figure.lower("unum nodes on a host (" + nodes + " nodes; JVM start included), median", cli, "s")
        .aiming(0.25);
    Path header = Files.createTempFile("unum-bench-auth", ".txt",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      // The header lab host 1's client shows, formed where the client forms it.
      Files.writeString(header, "Authorization: " + setup.labClient(1).transport().authorization()
          .orElseThrow(() -> new BenchFailure("no admin credential of lab host 1; is the lab up?")) + "\n");
      double curl = medianSeconds(List.of("curl", "-sf", "-o", "/dev/null", "-H", "@" + header,
          LabLayout.apiUrl(1) + ApiPaths.NODES), Map.of());
      figure = figure.beside("curl, same request", curl);
    } catch (BenchFailure noCurl) {
      System.err.println("  (no curl figure: " + noCurl.getMessage() + ")");
    } finally {
      Files.deleteIfExists(header);
    }
    figures.add(figure);
  }

  /** The median wall time of {@link #CLI_RUNS} runs of {@code command}, each within 30 s and successful. */
  private static double medianSeconds(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    double[] seconds = new double[CLI_RUNS];
    for (int i = 0; i < CLI_RUNS; i++) {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(env);
      long start = System.nanoTime();
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new BenchFailure("cannot run " + command.get(0) + ": " + e.getMessage());
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new BenchFailure(String.join(" ", command) + " did not finish within 30 s");
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
      if (process.exitValue() != 0) {
        throw new BenchFailure(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
      }
    }
    Arrays.sort(seconds);
    return seconds[CLI_RUNS / 2];
  }

  private void load(Lab lab, String clientHost, String url, String[] path, String where) throws Exception {
    System.err.printf("  %s from %s ...%n", path[0], where);
    List<String> command = new ArrayList<>(List.of("unum", "api-load", "--url", url, "--path", path[1],
        "--nodes", String.valueOf(SPECS), "--clients", String.valueOf(CLIENTS), "--seconds", String.valueOf(SECONDS)));
    command.addAll(List.of(path).subList(2, path.length));
    String out = lab.run(clientHost, command.toArray(String[]::new));
    JsonNode result = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("{}"));
    loads.add(new Load(path[0], path[1], where, result.path("perSecond").asDouble(), result.path("p50Ms").asDouble(),
        result.path("p99Ms").asDouble(), result.path("errors").asText()));
  }

  /** Changes node 1's labels through host 1 and times each change's arrival at an SSE client of host 2. */
  private void sseDelay(UnumClient api) throws Exception {
    System.err.printf("  SSE delivery of %d changes ...%n", EVENTS);
    if (setup.labClient(2).transport().authorization().isEmpty()) {
      throw new BenchFailure("no admin credential of lab host 2; is the lab up?");
    }
    LineStream stream = setup.labClient(2).events("node.updated", null);
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
    if (sorted.length == 0) {
      throw new BenchFailure("no event of " + EVENTS + " label changes reached the SSE client of host 2 within 10 s");
    }
    figures.add(Figure.lower("SSE: change on host 1 -> event at a client of host 2, p99 (" + sorted.length + " of "
        + EVENTS + " events)", Samples.percentile(sorted, 0.99), "ms"));
  }
}
