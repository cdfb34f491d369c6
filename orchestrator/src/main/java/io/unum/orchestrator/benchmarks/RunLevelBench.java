package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.FigureTable;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code unum bench boot-cluster}: how long the cluster takes from halt to run level 3 with 1,
 * 2 and 4 nodes, a 3 -> 1 -> 3 round, and how fast the init role and an "any" service move off a
 * root node that dies, on a lab (cached kernel and image). Prints numbers.
 */
public final class RunLevelBench {
  private static final int[] SIZES = {1, 2, 4};
  private static final String BENCH_SERVICE = "bench-failover";

  private final BenchSetup setup;
  private final List<Figure> figures = new ArrayList<>();

  public RunLevelBench(BenchSetup setup) {
    this.setup = setup;
  }

  public BenchResult run() throws Exception {
    int hosts;
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "2", "--nodes", "1")) {
      Lab lab = bench.lab();
      hosts = bench.hosts();
      UnumClient api = setup.labClient(1);
      for (int size : SIZES) {
        nodes(api, size);
        change(api, 0);
        figures.add(Figure.lower("halt (0) -> boot to run level 3, " + size + " node" + (size == 1 ? "" : "s"),
            change(api, -1), "s"));
      }
      // Declared now, placed on the way back from 1 while only the root node runs: on node 1.
      try {
        api.services().delete(BENCH_SERVICE); // left by a run that was cut short
      } catch (ApiFailure absent) {
        // the usual case
      }
      api.services().create(Map.of("name", BENCH_SERVICE, "command", List.of("sleep", "700100"),
          "runLevels", List.of(3)));
      double single = change(api, 1);
      double back = change(api, 3);
      figures.add(Figure.lower("run level 3 -> 1 (" + SIZES[SIZES.length - 1] + " nodes)", single, "s"));
      figures.add(Figure.lower("run level 1 -> 3", back, "s"));
      double[] failover = failover(lab, api);
      figures.add(Figure.lower("init role failover: root node destroyed -> role on another node", failover[0], "s"));
      figures.add(Figure.lower("service failover: root node destroyed -> its 'any' service running again",
          failover[1], "s"));
      api.services().delete(BENCH_SERVICE);
      bench.finished();
    }
    BenchResult result = new BenchResult("boot-cluster", hosts + " lab hosts, cached kernel and image", figures);
    System.out.println();
    FigureTable.lines(result).forEach(System.out::println);
    return result;
  }

  /**
   * Destroys the root node's domain and times the init role's move and the restart of the bench
   * service elsewhere; then starts the node again. Returns both times in seconds.
   */
  private static double[] failover(Lab lab, UnumClient api) throws InterruptedException {
    awaitServiceRunning(api, 1);
    System.err.println("  root node destroyed ...");
    String host = api.nodes().get(1).path("host").asText();
    long started = System.nanoTime();
    lab.run(host, "virsh", "-c", "qemu:///system", "destroy", "unum-node1");
    double role = -1;
    double service = -1;
    while (role < 0 || service < 0) {
      if (role < 0 && api.cluster().path("initNode").asInt(1) != 1) {
        role = (System.nanoTime() - started) / 1e9;
      }
      if (service < 0 && runningOn(api) > 1) {
        service = (System.nanoTime() - started) / 1e9;
      }
      Thread.sleep(50);
    }
    api.nodes().start(1, null);
    return new double[] {role, service};
  }

  /** The node the bench service runs on, 0 when it runs nowhere. */
  private static int runningOn(UnumClient api) {
    JsonNode service = api.services().get(BENCH_SERVICE);
    if (!service.path("state").asText().equals("running")) {
      return 0;
    }
    for (JsonNode instance : service.path("instances")) {
      if (instance.path("state").asText().equals("running")) {
        return instance.path("node").asInt();
      }
    }
    return 0;
  }

  private static void awaitServiceRunning(UnumClient api, int node) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (runningOn(api) != node) {
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("the bench service did not run on node " + node + " within 60 s: "
            + api.services().get(BENCH_SERVICE));
      }
      Thread.sleep(100);
    }
  }

  /** Makes nodes 1..size exist (new ones defined, not started) and no others. */
  private static void nodes(UnumClient api, int size) {
    TreeSet<Integer> existing = new TreeSet<>(api.nodes().list().findValues("node").stream()
        .map(JsonNode::asInt).toList());
    for (int node : existing) {
      if (node > size) {
        api.nodes().delete(node);
      }
    }
    for (int node = 1; node <= size; node++) {
      if (!existing.contains(node)) {
        api.nodes().create(NewNode.defaults().numbered(node).stopped());
      }
    }
  }

  /** Changes the run level ({@code -1}: boot) and waits for the job; returns its wall time in seconds. */
  private static double change(UnumClient api, int level) throws InterruptedException {
    System.err.printf("  %s ...%n", level < 0 ? "boot" : "init " + level);
    long started = System.nanoTime();
    JsonNode job = level < 0 ? api.boot(null) : api.setRunLevel(level, null);
    String id = job.path("id").asText();
    while (!job.path("state").asText().equals("succeeded")) {
      if (job.path("state").asText().equals("failed")) {
        throw new BenchFailure("run-level job " + id + " failed: " + job.path("error").asText());
      }
      Thread.sleep(100);
      job = api.jobs().get(id);
    }
    return (System.nanoTime() - started) / 1e9;
  }
}
