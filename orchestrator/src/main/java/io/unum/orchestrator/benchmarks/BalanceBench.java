package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load-leveling half of {@code unum bench migrate}, on a lab of 3 hosts and 4 nodes: the
 * drain of a host running all 4; then, each host limited to {@value #HOST_CORES} cores (as if
 * they were small machines), a CPU-bound batch of 8 jobs started on the 4 nodes of one host,
 * with the balancer off and automatic: makespan of each, and the automatic run's convergence
 * (batch start to the last move). Prints numbers.
 */
final class BalanceBench {
  static final double HOST_CORES = 1.2;
  private static final int NODES = 4;
  private static final int JOBS_PER_NODE = 2;
  /** Seconds one job takes alone on a node: long enough that moving early pays. */
  private static final double JOB_SECONDS = 8;

  private final Lab lab;
  private final UnumClient api;

  BalanceBench(Lab lab, UnumClient api) {
    this.lab = lab;
    this.api = api;
  }

  /** Says why {@link #run} measured nothing, when it did not. */
  static final String NEEDS = "drain, convergence and makespan need 3 hosts and 4 nodes: 'unum lab up --hosts 3 --nodes 4'";

  /** Runs the three measurements; returns their figures, none when the lab is too small ({@link #NEEDS}). */
  List<Figure> run() throws InterruptedException {
    List<Figure> figures = new ArrayList<>();
    if (lab.hosts().size() < 3 || api.nodes().list().size() < NODES) {
      return figures;
    }
    JsonNode before = api.balancer().path("settings");
    String hot = lab.hosts().get(0);
    try {
      balancer(Map.of("mode", "off", "cooldownSeconds", 5));
      figures.add(drain(hot));
      lab.hosts().forEach(h -> lab.limitCpus(h, HOST_CORES));
      long iterations = calibrate(hot);
      Batch off = batch(hot, iterations, "off");
      Batch automatic = batch(hot, iterations, "automatic");
      figures.add(Figure.lower(String.format("makespan of %d CPU-bound jobs (%.0f s each alone) on the %d nodes of one"
          + " host, hosts of %.1f cores, balancer automatic (%d migrations)", NODES * JOBS_PER_NODE, JOB_SECONDS, NODES,
          HOST_CORES, automatic.moves), automatic.seconds, "s").beside("balancer off", off.seconds));
      figures.add(Figure.lower("convergence of that batch: skewed start to the last move", automatic.converged, "s"));
    } finally {
      lab.hosts().forEach(h -> lab.limitCpus(h, 0));
      balancer(Map.of("mode", before.path("mode").asText("automatic"),
          "cooldownSeconds", before.path("cooldownSeconds").asInt(120)));
    }
    return figures;
  }

  private void balancer(Map<String, Object> change) {
    api.updateBalancer(change);
  }

  /** All nodes onto {@code host}, then a drain of it, timed from the request to the last job done. */
  private Figure drain(String host) throws InterruptedException {
    gather(host);
    long t0 = System.nanoTime();
    JsonNode result = api.hosts().drain(host);
    for (JsonNode job : result.path("jobs")) {
      awaitJob(api, job.path("id").asText(), 100);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    api.hosts().maintenance(host, false, null);
    return Figure.lower(String.format("drain of a host running %d nodes (%d migrations, %d refused)", NODES,
        result.path("jobs").size(), result.path("refused").size()), seconds, "s");
  }

  /** Moves every node to {@code host} (the balancer off), in parallel within the caps. */
  private void gather(String host) throws InterruptedException {
    List<String> jobs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      if (!host.equals(api.nodes().get(node).path("host").asText())) {
        jobs.add(api.nodes().migrate(node, host).path("id").asText());
      }
    }
    for (String job : jobs) {
      awaitJob(api, job, 100);
    }
  }

  /** Waits for a job to succeed, asking every {@code pollMillis}; fails with its error. */
  static void awaitJob(UnumClient api, String job, long pollMillis) throws InterruptedException {
    while (true) {
      JsonNode state = api.jobs().get(job);
      switch (state.path("state").asText()) {
        case "succeeded" -> {
          return;
        }
        case "failed" -> throw new BenchFailure("job " + job + " failed: " + state.path("error").asText());
        default -> Thread.sleep(pollMillis);
      }
    }
  }

  /** Loop iterations that take {@link #JOB_SECONDS} on node 1 alone. */
  private long calibrate(String host) throws InterruptedException {
    gather(host);
    long probe = 20_000;
    long t0 = System.nanoTime();
    exec(1, "i=0; while [ $i -lt " + probe + " ]; do i=$((i+1)); done");
    double seconds = (System.nanoTime() - t0) / 1e9;
    long iterations = Math.max(probe, Math.round(probe * JOB_SECONDS / seconds));
    System.err.printf("  a job: %d loop iterations (%d took %.2f s)%n", iterations, probe, seconds);
    return iterations;
  }

  private record Batch(double seconds, double converged, int moves) {}

  /** Starts the batch on the nodes of {@code host} with the balancer in {@code mode}; waits for it. */
  private Batch batch(String host, long iterations, String mode) throws InterruptedException {
    gather(host);
    Thread.sleep(6000); // the loads show the gathered, idle nodes
    balancer(Map.of("mode", mode));
    String job = "i=0; while [ $i -lt " + iterations + " ]; do i=$((i+1)); done";
    long t0 = System.nanoTime();
    for (int node = 1; node <= NODES; node++) {
      exec(node, "rm -rf /tmp/batch; mkdir -p /tmp/batch; for j in $(seq " + JOBS_PER_NODE + "); do"
          + " setsid nice -n 10 sh -c '" + job + "; touch /tmp/batch/'$j >/dev/null 2>&1 & done");
    }
    System.err.printf("  batch with the balancer %s: started%n", mode);
    Map<Integer, String> placement = placement();
    long lastMove = t0;
    int moves = 0;
    int done = 0;
    while (done < NODES * JOBS_PER_NODE) {
      Thread.sleep(1000);
      Map<Integer, String> now = placement();
      for (int node = 1; node <= NODES; node++) {
        if (!now.get(node).equals(placement.get(node))) {
          moves++;
          lastMove = System.nanoTime();
        }
      }
      placement = now;
      done = 0;
      for (int node = 1; node <= NODES; node++) {
        done += finished(node);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    balancer(Map.of("mode", "off"));
    System.err.printf("  batch with the balancer %s: %.1f s, %d moves, placement %s%n", mode, seconds, moves, placement);
    return new Batch(seconds, (lastMove - t0) / 1e9, moves);
  }

  private Map<Integer, String> placement() {
    Map<Integer, String> hosts = new HashMap<>();
    for (JsonNode node : api.nodes().list()) {
      hosts.put(node.path("node").asInt(), node.path("host").asText());
    }
    return hosts;
  }

  /** Jobs finished on a node; 0 while its agent cannot answer (it is moving). */
  private int finished(int node) {
    try {
      return Integer.parseInt(exec(node, "ls /tmp/batch | wc -l").strip());
    } catch (BenchFailure | NumberFormatException e) {
      return 0;
    }
  }

  private String exec(int node, String script) {
    return ProgramRun.output(api, node, "sh", "-c", script);
  }
}
