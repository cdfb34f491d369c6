package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A host lost for good, and a host whose orchestrator hangs for over a minute: its nodes restart
 * elsewhere after the fence chain's deadline, once, and the hung host takes its CP seat back. Two
 * orchestrators killed together: the CP group, its majority lost for good, is reset and forms again.
 * A sampler reads {@code virsh list} and the process table on every host every 200 ms throughout and
 * fails on any node seen running on two hosts at once.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(14)
class HostFailureLabIT {
  /** Longer than a host may be gone before Hazelcast, left to itself, would drop its CP seat (60 s). */
  private static final int LONG_CUT_OFF_SECONDS = 75;
  private final HostLab lab;

  HostFailureLabIT(HostLab lab) {
    this.lab = lab;
  }

  /**
   * Reads every running host's libvirt and process table every 200 ms; remembers any node running on
   * two hosts at once: listed running by both libvirts with a live QEMU process in both. A domain
   * libvirt lists whose QEMU is gone (a hung libvirtd has not noticed a watchdog's kill) is
   * reported, not counted: the process table is the truth of what runs.
   */
  private final class DoubleRunSampler implements AutoCloseable {
    /** ps first: a QEMU seen alive there and listed running after it ran during both reads. */
    private static final String READ = "ps -ww -eo stat=,args= | awk '$1 !~ /^Z/ && match($0, /guest=unum-node[0-9]+,/)"
        + " { print substr($0, RSTART + 6, RLENGTH - 7) }'; echo --; virsh -q -c qemu:///system list --name --state-running";
    private final List<String> doubles = new CopyOnWriteArrayList<>();
    private final Set<String> listedOnly = new ConcurrentSkipListSet<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private int samples;
    /** Domains seen running (listed and alive) over all samples: none would mean the reads see nothing. */
    private int seenRunning;
    private final Thread thread = new Thread(this::sample, "double-run-sampler");

    DoubleRunSampler start() {
      thread.setDaemon(true);
      thread.start();
      return this;
    }

    private void sample() {
      while (running.get()) {
        Map<String, List<String>> where = new TreeMap<>();
        for (int host = 1; host <= lab.hosts(); host++) {
          String name = HostLab.name(host);
          if (!lab.hostRuns(name)) {
            continue; // a stopped container runs no QEMU
          }
          String[] read = lab.exec(name, "sh", "-c", READ).getStdout().split("(?m)^--$", 2);
          Set<String> alive = Set.copyOf(read[0].lines().map(String::strip).toList());
          (read.length > 1 ? read[1] : "").lines().map(String::strip).filter(l -> l.startsWith("unum-node"))
              .forEach(domain -> {
                if (alive.contains(domain)) {
                  where.computeIfAbsent(domain, d -> new ArrayList<>()).add(name);
                } else {
                  listedOnly.add(domain + " on " + name);
                }
              });
        }
        where.forEach((domain, hosts) -> {
          seenRunning += hosts.size();
          if (hosts.size() > 1) {
            doubles.add(domain + " on " + hosts);
          }
        });
        samples++;
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false); // not interrupted: a docker exec cut short fails as an assertion
      thread.join(30_000);
      if (!listedOnly.isEmpty()) {
        System.out.println("[ha] listed running by libvirt with no QEMU process left: " + listedOnly);
      }
      assertThat(samples).as("the sampler read libvirt").isPositive();
      assertThat(seenRunning).as("nodes the sampler saw running").isPositive();
      assertThat(doubles).as("nodes seen running on two hosts at once").isEmpty();
    }
  }

  /** A host with at least two of the nodes on it (moving another there if need be), and a witness host. */
  private String hostWithTwoNodes() {
    Map<Integer, String> placement = lab.placement(1);
    String host = placement.get(1);
    if (placement.values().stream().filter(host::equals).count() < 2) {
      Launcher.Result moved = lab.unum(1, "node", "migrate", "2", "--to", host, "--wait");
      assertThat(moved.exitCode()).as("%s", moved).isZero();
    }
    return host;
  }

  private int witness(String lost) {
    return IntStream.rangeClosed(1, lab.hosts()).filter(h -> !HostLab.name(h).equals(lost)).findFirst().orElseThrow();
  }

  private List<Integer> nodesOn(String host) {
    return lab.placement(witness(host)).entrySet().stream().filter(e -> e.getValue().equals(host))
        .map(Map.Entry::getKey).toList();
  }

  /** The nodes on {@code host} that may run elsewhere (not pinned to it). */
  private List<Integer> unpinnedOn(String host) {
    return StreamSupport.stream(lab.api(witness(host)).get("/api/v1/nodes").body().spliterator(), false)
        .filter(n -> n.path("host").asText().equals(host) && n.path("pinnedHost").asText("").isEmpty())
        .map(n -> n.path("node").asInt()).sorted().toList();
  }

  /** Waits until each node runs on another host than {@code lost} and answers; returns the seconds it took. */
  private double awaitRecovered(String lost, List<Integer> nodes, long sinceNanos) {
    Api api = lab.api(witness(lost));
    Await.until("nodes " + nodes + " running elsewhere than " + lost, Duration.ofSeconds(240), () -> nodes.stream()
        .allMatch(n -> {
          JsonNode node = api.node(n);
          return !node.path("host").asText().equals(lost) && node.path("state").asText().equals("running");
        }));
    double seconds = (System.nanoTime() - sinceNanos) / 1e9;
    for (int node : nodes) {
      assertThat(api.run(node, "true").exit()).as("node %d answers on its new host", node).isZero();
    }
    return seconds;
  }

  /**
   * Waits until every host that runs holds its lease and every node runs and answers (a state read
   * right after a fault may still be the one written before it); returns each node's uptime.
   */
  private Map<Integer, Double> awaitEveryNodeAnswering(Api api) {
    Await.until("every running host holding its lease", Duration.ofSeconds(120), () -> IntStream
        .rangeClosed(1, lab.hosts()).filter(h -> lab.hostRuns(HostLab.name(h)))
        .allMatch(h -> lab.api(h).reachable()
            && lab.api(h).get("/api/v1/status").body().path("fencing").asText().startsWith("lease held")),
        lab::describe);
    Map<Integer, Double> uptimes = new TreeMap<>();
    String[] lastMiss = {""};
    Await.until("every node running and answering", Duration.ofSeconds(180), () -> {
      uptimes.clear();
      for (JsonNode node : api.get("/api/v1/nodes").body()) {
        int n = node.path("node").asInt();
        Api.Run uptime = node.path("state").asText().equals("running")
            ? api.run(n, "cut", "-d", " ", "-f1", "/proc/uptime") : null;
        if (uptime == null || uptime.exit() != 0) {
          lastMiss[0] = "node " + n + " " + node.path("state").asText() + " on " + node.path("host").asText()
              + (uptime == null ? " (" + node.path("error").asText() + ")" : ", run: " + uptime.stderr());
          return false;
        }
        uptimes.put(n, Double.parseDouble(uptime.stdout().strip()));
      }
      return true;
    }, () -> lastMiss[0]);
    return uptimes;
  }

  @Test
  @Order(1)
  void aStoppedHostsNodesRunElsewhereOnceAndNotWhenItComesBack() throws Exception {
    String lost = hostWithTwoNodes();
    List<Integer> nodes = nodesOn(lost);
    int lostNumber = Integer.parseInt(lost.substring(lost.lastIndexOf('-') + 1));
    try (DoubleRunSampler sampler = new DoubleRunSampler().start()) {
      long stopped = System.nanoTime();
      assertThat(Launcher.unum("lab", "stop", lost).exitCode()).isZero();
      try {
        double seconds = awaitRecovered(lost, nodes, stopped);
        System.out.printf("[ha] %s stopped with nodes %s on it: all running elsewhere after %.1f s: %s%n", lost,
            nodes, seconds, lab.placement(witness(lost)));
        JsonNode cluster = lab.api(witness(lost)).get("/api/v1/cluster").body();
        assertThat(lab.placement(witness(lost)).get(cluster.path("initNode").asInt()))
            .as("the init role is held by a node that runs: %s", cluster).isNotEqualTo(lost);
      } finally {
        lab.startAgain(lostNumber); // whatever happened, the test after it needs the host
      }
      Await.until(lost + " up again", Duration.ofSeconds(60), () -> lab.api(witness(lost)).get("/api/v1/hosts")
          .body().findValues("name").stream().anyMatch(n -> n.asText().equals(lost)));
      // It has its lease again and must still not start the nodes it lost.
      Await.until(lost + " holds its lease", Duration.ofSeconds(60),
          () -> lab.api(lostNumber).get("/api/v1/status").body().path("fencing").asText().startsWith("lease held"));
      assertThat(lab.runningDomains(lost)).as("%s runs none of the nodes it lost", lost)
          .doesNotContainAnyElementsOf(nodes.stream().map(n -> "unum-node" + n).toList());
    }
  }

  @Test
  @Order(2)
  void aHungOrchestratorsNodesAreKilledByItsWatchdogAndRestartElsewhere() throws Exception {
    lab.awaitEveryHostUp(1);
    String hung = lab.placement(1).get(3);
    List<Integer> nodes = nodesOn(hung);
    int hungNumber = Integer.parseInt(hung.substring(hung.lastIndexOf('-') + 1));
    String watchdogLog = "/var/log/unum/watchdog.log";
    int logged = lab.exec(hung, "cat", watchdogLog).getStdout().length();
    try (DoubleRunSampler sampler = new DoubleRunSampler().start()) {
      long stopped = System.nanoTime();
      lab.exec(hung, "pkill", "-STOP", "-f", "unum.jar daemon");
      try {
        double seconds = awaitRecovered(hung, nodes, stopped);
        System.out.printf("[ha] %s's orchestrator hung (SIGSTOP) with nodes %s: running elsewhere after %.1f s%n",
            hung, nodes, seconds);
        String watchdog = lab.exec(hung, "cat", watchdogLog).getStdout().substring(logged);
        assertThat(watchdog).as("what the watchdog logged on %s meanwhile", hung).contains("killed QEMU");
        // Hung past the minute after which Hazelcast would once have dropped its CP seat for good.
        Await.until(hung + " unheard for " + LONG_CUT_OFF_SECONDS + " s", Duration.ofSeconds(LONG_CUT_OFF_SECONDS),
            () -> lab.api(witness(hung)).get("/api/v1/hosts").body().findParents("name").stream()
                .anyMatch(h -> h.path("name").asText().equals(hung)
                    && h.path("lastHeardSecondsAgo").asLong() >= LONG_CUT_OFF_SECONDS));
      } finally {
        lab.exec(hung, "pkill", "-CONT", "-f", "unum.jar daemon");
      }
      // It notices it was fenced, takes a new lease and starts none of them.
      Await.until(hung + " holds a lease again", Duration.ofSeconds(90), () -> lab.api(hungNumber).reachable()
          && lab.api(hungNumber).get("/api/v1/status").body().path("fencing").asText().startsWith("lease held"));
      assertThat(lab.runningDomains(hung)).as("%s runs none of the nodes it lost", hung)
          .doesNotContainAnyElementsOf(nodes.stream().map(n -> "unum-node" + n).toList());
      // It holds its CP seat again, so losing another host now keeps the majority.
      Await.until("all three CP seats held by live hosts again", Duration.ofSeconds(60), () -> lab.api(hungNumber)
          .get("/api/v1/cluster").body().path("consistency").asText().startsWith("strong"));
    }
  }

  @Test
  @Order(3)
  void twoOrchestratorsKilledTogetherLeaveACpGroupThatFormsAgainAndEveryNodeRunsOnce() throws Exception {
    lab.awaitEveryHostUp(1);
    Api any = lab.api(1);
    // The oldest member (the leader) resets the CP subsystem; the other two lose their seats together.
    String leader = any.get("/api/v1/cluster").body().path("leader").asText();
    int leaderNumber = Integer.parseInt(leader.substring(leader.lastIndexOf('-') + 1));
    List<String> killed = IntStream.rangeClosed(1, lab.hosts()).mapToObj(HostLab::name)
        .filter(h -> !h.equals(leader)).toList();
    String log = "/var/log/unum/orchestrator.log";
    int logged = lab.exec(leader, "cat", log).getStdout().length();
    try (DoubleRunSampler sampler = new DoubleRunSampler().start()) {
      long killedAt = System.nanoTime();
      lab.killOrchestrators(killed);
      lab.startOrchestrators(killed);
      Api survivor = lab.api(leaderNumber);
      Await.until("the CP subsystem strong again", Duration.ofSeconds(180), () -> survivor
          .get("/api/v1/cluster").body().path("consistency").asText().startsWith("strong"));
      double strong = (System.nanoTime() - killedAt) / 1e9;
      Map<Integer, Double> uptimes = awaitEveryNodeAnswering(survivor);
      double answering = (System.nanoTime() - killedAt) / 1e9;
      // A CP group without a majority for longer than the lease term grants no renewal: every host fences.
      List<Integer> restarted = uptimes.entrySet().stream().filter(e -> e.getValue() < answering)
          .map(Map.Entry::getKey).toList();
      System.out.printf("[ha] orchestrators of %s killed together: CP subsystem strong again after %.1f s, every"
          + " node running and answering after %.1f s; nodes booted again meanwhile: %s%n", killed, strong,
          answering, restarted);
      assertThat(lab.exec(leader, "cat", log).getStdout().substring(logged))
          .as("what %s logged meanwhile", leader).contains("the CP subsystem was reset");
    }
  }

  @Test
  @Order(4)
  void aLeaderCutOffFencesItsNodesWritesNothingAndTheMajorityRunsThemOnce() throws Exception {
    lab.awaitEveryHostUp(1);
    awaitEveryNodeAnswering(lab.api(1)); // nodes fenced by the test before may still be booting
    String leader = lab.api(1).get("/api/v1/cluster").body().path("leader").asText();
    int leaderNumber = Integer.parseInt(leader.substring(leader.lastIndexOf('-') + 1));
    // A node pinned to the leader's host waits for it (LabIT pins node 4 to the host it adds): not those.
    if (unpinnedOn(leader).isEmpty()) {
      int free = StreamSupport.stream(lab.api(1).get("/api/v1/nodes").body().spliterator(), false)
          .filter(n -> n.path("pinnedHost").asText("").isEmpty()).mapToInt(n -> n.path("node").asInt())
          .findFirst().orElseThrow();
      Launcher.Result moved = lab.unum(1, "node", "migrate", String.valueOf(free), "--to", leader, "--wait");
      assertThat(moved.exitCode()).as("%s", moved).isZero();
    }
    List<Integer> nodes = unpinnedOn(leader);
    Api majority = lab.api(witness(leader));
    Api minority = lab.api(leaderNumber);
    // A node failed on a host of the majority: it stays failed, whoever leads.
    Map.Entry<Integer, String> failed = lab.placement(witness(leader)).entrySet().stream()
        .filter(e -> !e.getValue().equals(leader)).findFirst().orElseThrow();
    lab.exec(failed.getValue(), "pkill", "-KILL", "-f", "guest=unum-node" + failed.getKey() + ",");
    Await.until("node " + failed.getKey() + " failed", Duration.ofSeconds(60),
        () -> majority.node(failed.getKey()).path("state").asText().equals("failed"));
    // A start job the leader takes just before it is cut off: the majority's leader finishes it.
    Api.Response defined = majority.post("/api/v1/nodes", "{\"start\": false}");
    assertThat(defined.status()).as("%s", defined).isEqualTo(201);
    int started = defined.body().path("node").asInt();
    int nodeCount = lab.placement(witness(leader)).size();
    try (DoubleRunSampler sampler = new DoubleRunSampler().start()) {
      Api.Response job = minority.post("/api/v1/nodes/" + started + "/start", null);
      assertThat(job.status()).as("%s", job).isEqualTo(202);
      String jobId = job.body().path("id").asText();
      long cut = System.nanoTime();
      assertThat(Launcher.unum("lab", "partition", leader).exitCode()).isZero();
      try {
        // The cut-off side takes no write: it has no majority to confirm it leads, or that anyone does.
        Await.until(leader + " refusing writes", Duration.ofSeconds(30), () -> minority.post("/api/v1/nodes",
            "{\"start\": false}").status() == 503);
        double seconds = awaitRecovered(leader, nodes, cut);
        System.out.printf("[ha] leader %s cut off with nodes %s: running elsewhere after %.1f s%n", leader, nodes,
            seconds);
        assertThat(lab.runningDomains(leader)).as("%s fenced the nodes it lost", leader)
            .doesNotContainAnyElementsOf(nodes.stream().map(n -> "unum-node" + n).toList());
        assertThat(majority.get("/api/v1/cluster").body().path("leader").asText()).as("the majority's leader")
            .isNotEqualTo(leader);
      } finally {
        assertThat(Launcher.unum("lab", "heal").exitCode()).isZero();
      }
      Await.until(leader + " holds a lease again", Duration.ofSeconds(90), () -> minority.reachable()
          && minority.get("/api/v1/status").body().path("fencing").asText().startsWith("lease held"));
      assertThat(lab.runningDomains(leader)).as("%s runs none of the nodes it lost", leader)
          .doesNotContainAnyElementsOf(nodes.stream().map(n -> "unum-node" + n).toList());
      // The two sides' maps merge some seconds after the heal (Hazelcast's split-brain merge).
      Await.until(leader + " seeing the nodes the majority sees", Duration.ofSeconds(90),
          () -> lab.placement(leaderNumber).equals(lab.placement(witness(leader))));
      assertThat(lab.placement(witness(leader))).as("the nodes after the heal: none made by the cut-off side")
          .hasSize(nodeCount);
      Await.until("the init role held by a running node, the same on both sides", Duration.ofSeconds(60), () -> {
        JsonNode cluster = majority.get("/api/v1/cluster").body();
        return cluster.path("initNode").isInt()
            && majority.node(cluster.path("initNode").asInt()).path("state").asText().equals("running")
            && minority.get("/api/v1/cluster").body().path("initNode").equals(cluster.path("initNode"));
      });
      Await.until("the start job taken before the cut finished", Duration.ofSeconds(180), () -> majority
          .get("/api/v1/jobs/" + jobId).body().path("state").asText().matches("succeeded|failed"));
      assertThat(majority.get("/api/v1/jobs/" + jobId).body().path("state").asText()).as("the start job")
          .isEqualTo("succeeded");
      // Started on the leader's host before the cut, it was fenced there and runs elsewhere now.
      Await.until("node " + started + ", started by that job, answering", Duration.ofSeconds(180),
          () -> majority.run(started, "true").exit() == 0);
      for (Api side : List.of(majority, minority)) {
        JsonNode seen = side.node(failed.getKey());
        assertThat(seen.path("state").asText()).as("node %d after the heal, seen by %s: %s; what the hosts logged of it:%s",
            failed.getKey(), side.base(), seen, lab.logsAbout(failed.getKey(), 12)).isEqualTo("failed");
      }
    } finally {
      majority.delete("/api/v1/nodes/" + started);
      majority.post("/api/v1/nodes/" + failed.getKey() + "/start", null);
    }
  }
}
