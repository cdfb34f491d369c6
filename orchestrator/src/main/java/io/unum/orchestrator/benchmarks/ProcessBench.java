package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.Samples;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.NewNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code unum bench ps}: the cluster's process table under load (4 nodes x 500 processes): how
 * fast {@code unum ps -e} answers from a host and from inside a node, beside plain ps(1); how
 * soon a new process is seen; a remote kill beside a local one. Prints numbers; asserts nothing.
 */
public final class ProcessBench {
  private static final int NODES = 4;
  private static final int PROCESSES = 500;
  private static final int RUNS = 30;
  private static final int KILLS = 40;

  private final BenchSetup setup;
  private final List<String[]> rows = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();
  /** The balancer's mode before the bench turned it off, to put back. */
  private String balancerMode;

  public ProcessBench(BenchSetup setup) {
    this.setup = setup;
  }

  public BenchResult run() throws Exception {
    List<Integer> created = new ArrayList<>();
    int hosts;
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "2")) {
      try {
        Lab lab = bench.lab();
        hosts = bench.hosts();
        UnumClient api = setup.labClient(1);
        // The nodes must stay where they are: a move mid-run loses the bench's link to the node.
        balancerMode = api.balancer().path("settings").path("mode").asText();
        api.updateBalancer(Map.of("mode", "off"));
        List<Integer> nodes = nodes(api, created);
        populate(api, nodes);
        hostPs(lab, api);
        inNodePs(api, nodes.get(0));
        visibility(api, nodes.get(1));
        kills(api, nodes.get(0), nodes.get(1));
      } finally {
        UnumClient api = setup.labClient(1);
        if (balancerMode != null) {
          api.updateBalancer(Map.of("mode", balancerMode));
        }
        for (int node : created) {
          api.nodes().delete(node);
        }
      }
      bench.finished();
    }
    System.out.println();
    System.out.println("unum bench ps (" + NODES + " nodes x " + PROCESSES + " extra processes, "
        + hosts + " lab hosts, TCG)");
    System.out.printf("  %-64s %9s %9s %6s%n", "what", "p50 ms", "p99 ms", "runs");
    for (String[] row : rows) {
      System.out.printf("  %-64s %9s %9s %6s%n", (Object[]) row);
    }
    return new BenchResult("ps", NODES + " nodes x " + PROCESSES + " extra processes, " + hosts + " lab hosts", figures);
  }

  /** Running nodes 1..NODES: those that exist, plus new ones started by jobs. */
  private static List<Integer> nodes(UnumClient api, List<Integer> created) throws InterruptedException {
    List<Integer> running = new ArrayList<>();
    for (JsonNode node : api.nodes().list("running", null, null)) {
      running.add(node.path("node").asInt());
    }
    while (running.size() + created.size() < NODES) {
      JsonNode node = api.nodes().create(NewNode.defaults().labelled(Map.of("unum-bench", "ps")));
      created.add(node.path("node").asInt());
    }
    System.err.printf("unum bench ps: %d nodes running, starting %d more%n", running.size(), created.size());
    long deadline = System.nanoTime() + 300_000_000_000L;
    for (int node : created) {
      while (!api.nodes().get(node).path("state").asText().equals("running")) {
        if (System.nanoTime() > deadline) {
          throw new BenchFailure("node " + node + " did not start within 300 s");
        }
        Thread.sleep(500);
      }
      running.add(node);
    }
    return running.subList(0, NODES);
  }

  private static void populate(UnumClient api, List<Integer> nodes) throws InterruptedException {
    for (int node : nodes) {
      System.err.printf("  node %d: starting %d sleeping processes ...%n", node, PROCESSES);
      // Paced: a fork storm starves a TCG node's agent for seconds, and its host takes it for lost.
      runIn(api, node, "for i in $(seq " + PROCESSES + "); do setsid sleep 3600 </dev/null >/dev/null 2>&1 &"
          + " [ $((i % 25)) = 0 ] && sleep 0.1; done; true");
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    int seen = 0;
    while (seen < NODES * PROCESSES && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      seen = (int) count(api.processes().list(null, false), "sleep 3600");
    }
    System.err.printf("  the table holds %d of the %d sleeping processes%n", seen, NODES * PROCESSES);
    for (int node : nodes) {
      String there = runIn(api, node, "ps -e -o comm= | grep -c '^sleep$'").strip();
      long table = count(api.processes().list(node, false), "sleep 3600");
      System.err.printf("  node %d: %s sleeping processes in its ps, %d in the cluster's table%n", node, there, table);
    }
  }

  /** GET /processes?kernel=true (what unum ps -e reads) from this machine, and the CLI on a host. */
  private void hostPs(Lab lab, UnumClient api) {
    long[] nanos = new long[RUNS * 4];
    int rowsSeen = 0;
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      rowsSeen = api.processes().list(null, true).size();
      nanos[i] = System.nanoTime() - t;
    }
    String what = "cluster ps: GET " + ApiPaths.PROCESSES + ApiPaths.query("kernel", true) + " (" + rowsSeen
        + " rows), warm client";
    figures.add(Figure.lower(what + ", p99", add(what, nanos), "ms"));
    String out = lab.run(LabLayout.name(2), "bash", "-c", "for i in $(seq 10); do s=$EPOCHREALTIME; unum ps -e >/dev/null;"
        + " e=$EPOCHREALTIME; echo $(( (${e/./} - ${s/./}) * 1000 )); done");
    figures.add(Figure.lower("unum ps -e typed on a host (JVM start included), p99",
        add("unum ps -e typed on a host (JVM start included)", nanos(out)), "ms"));
  }

  /** unum ps -e typed inside a node (the C client and the agent), beside plain ps -e there. */
  private void inNodePs(UnumClient api, int node) {
    double unum = add("unum ps -e typed inside node " + node + " (whole cluster)",
        nanos(runIn(api, node, timed("unum ps -e >/dev/null", RUNS))));
    double plain = add("  plain ps -e inside node " + node + " (that node only)",
        nanos(runIn(api, node, timed("ps -e >/dev/null", RUNS))));
    figures.add(Figure.lower("unum ps -e typed inside a node (whole cluster), p99", unum, "ms")
        .beside("plain ps -e (that node only)", plain).aiming(300));
  }

  /** From the start of a process on a node to its row in another host's table. */
  private void visibility(UnumClient api, int node) throws InterruptedException {
    UnumClient other = setup.labClient(2);
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long[] started = {0};
      StringBuilder pid = new StringBuilder();
      stream(api, node, "setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $!", started, pid);
      String wanted = pid.toString().strip();
      while (!other.processes().list(node, false).findValuesAsText("pid").contains(wanted)) {
        Thread.sleep(10);
      }
      nanos[i] = System.nanoTime() - started[0];
    }
    String what = "new process on node " + node + " -> in host 2's table (visibility)";
    figures.add(Figure.lower(what + ", p99", add(what, nanos), "ms"));
  }

  /** kill(1) typed on one node for another node's processes, beside kills of its own. */
  private void kills(UnumClient api, int from, int target) {
    String start = "for i in $(seq " + KILLS + "); do setsid sleep 3600 </dev/null >/dev/null 2>&1 & echo $!; done";
    String remote = String.join(" ", runIn(api, target, start).strip().split("\\s+"));
    String local = String.join(" ", runIn(api, from, start).strip().split("\\s+"));
    String loop = "for p in %s; do s=$EPOCHREALTIME; kill $p; e=$EPOCHREALTIME; echo $(( (${e/./} - ${s/./}) * 1000 )); done";
    double remoteKill = add("remote kill: kill(1) on node " + from + " -> process of node " + target + " (round trip)",
        nanos(runIn(api, from, String.format(loop, remote))));
    double localKill = add("  local kill on node " + from, nanos(runIn(api, from, String.format(loop, local))));
    figures.add(Figure.lower("remote kill: kill(1) on one node -> process of another, p99", remoteKill, "ms")
        .beside("kill of a local process", localKill).aiming(50));
    // The same with the node's in-node command quota held by an unprivileged user's four
    // 'unum run': remote kills have their own pool, so this row should match the first.
    String hold = "for i in 1 2 3 4; do setsid setpriv --reuid=1000 --regid=1000 --clear-groups unum run --node "
        + target + " -- sleep 600 </dev/null >/dev/null 2>&1 & done";
    runIn(api, from, hold);
    runIn(api, target, "for t in $(seq 100); do [ \"$(pgrep -u 1000 -xc sleep)\" -ge 4 ] && break; sleep 0.1; done");
    try {
      String again = String.join(" ", runIn(api, target, start).strip().split("\\s+"));
      double held = add("  remote kill with node " + from + "'s 4 in-node commands held by a user",
          nanos(runIn(api, from, String.format(loop, again))));
      figures.add(Figure.lower("remote kill with the node's in-node command quota held by a user, p99", held, "ms")
          .beside("kill of a local process", localKill).aiming(50));
    } finally {
      runIn(api, from, "pkill -f 'unum run --node " + target + "'; true");
      runIn(api, target, "pkill -u 1000 sleep; true");
    }
  }

  /** A bash loop printing the nanoseconds each of {@code runs} runs of {@code command} took. */
  private static String timed(String command, int runs) {
    return "for i in $(seq " + runs + "); do s=$EPOCHREALTIME; " + command
        + "; e=$EPOCHREALTIME; echo $(( (${e/./} - ${s/./}) * 1000 )); done";
  }

  private static long[] nanos(String lines) {
    return lines.lines().map(String::strip).filter(l -> l.matches("\\d+")).mapToLong(Long::parseLong).toArray();
  }

  /** Adds a row of the table; returns its p99 in milliseconds. */
  private double add(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double p99 = Samples.percentile(sorted, 0.99);
    rows.add(new String[] {what, String.format("%.1f", Samples.percentile(sorted, 0.50)),
        String.format("%.1f", p99), String.valueOf(sorted.length)});
    return p99;
  }

  private static long count(JsonNode processes, String cmd) {
    long n = 0;
    for (JsonNode p : processes) {
      n += p.path("cmd").asText().equals(cmd) ? 1 : 0;
    }
    return n;
  }

  /** Runs a bash script on the node; returns its stdout. */
  private static String runIn(UnumClient api, int node, String script) {
    StringBuilder out = new StringBuilder();
    stream(api, node, script, new long[1], out);
    return out.toString();
  }

  private static void stream(UnumClient api, int node, String script, long[] started, StringBuilder out) {
    api.processes().run(node, List.of("bash", "-c", script), line -> {
      try {
        JsonNode event = api.json().readTree(line);
        switch (event.path("event").asText()) {
          case "started" -> started[0] = System.nanoTime();
          case "output" -> {
            if (event.path("stream").asText().equals("stdout")) {
              out.append(new String(Base64.getDecoder().decode(event.path("data").asText()), StandardCharsets.UTF_8));
            }
          }
          case "error" -> throw new BenchFailure("node " + node + ": " + event.path("message").asText());
          default -> { }
        }
      } catch (java.io.IOException e) {
        throw new BenchFailure("unreadable answer from node " + node + ": " + e.getMessage());
      }
    });
  }
}
