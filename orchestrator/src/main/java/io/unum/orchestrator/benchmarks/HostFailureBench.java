package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code unum bench ha}: on a lab of three hosts, a host lost with nodes on it (its container
 * killed: orchestrator, libvirt and guests gone without a word) and a leader cut off in a partition, each
 * {@code rounds} times: the time from the loss to each of its nodes running elsewhere, split into
 * detection (the host declared down, or seen to leave), fence wait (until the leader revoked its lease and bound
 * its nodes elsewhere) and boot; every host's libvirt read five times a second meanwhile, to
 * count nodes seen running twice. Prints numbers.
 */
public final class HostFailureBench {
  private static final long POLL_MILLIS = 200;
  private static final long ROUND_DEADLINE_MILLIS = 300_000;

  private final BenchSetup setup;
  private final int rounds;

  public HostFailureBench(BenchSetup setup, int rounds) {
    this.setup = setup;
    this.rounds = rounds;
  }

  /**
   * One loss: seconds from it to the host being down, to its nodes rebound, to the last running;
   * doubles seen; the longest the other hosts' leases went unrenewed meanwhile, and then while the
   * host came back (the CP majority's stalls, which the lease term must outlast).
   */
  private record Round(double detected, double rebound, double running, int doubles, double leaseStall,
      double rejoinStall) {
    Round rejoined(double stall) {
      return new Round(detected, rebound, running, doubles, leaseStall, stall);
    }
  }

  public BenchResult run() throws Exception {
    Map<String, List<Round>> results = new TreeMap<>();
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "3", "--nodes", "3", "--fencing", "lease")) {
      Lab lab = bench.lab();
      if (!lab.fences()) {
        throw new BenchFailure("the lab that is up runs without fencing, so a lost host's nodes never restart"
            + " elsewhere: run 'unum lab down', then this again (it starts a lab of its own with --fencing lease)");
      }
      for (int round = 1; round <= rounds; round++) {
        results.computeIfAbsent("host powered off", k -> new ArrayList<>()).add(hostPoweredOff(lab, round));
        results.computeIfAbsent("leader partitioned", k -> new ArrayList<>()).add(leaderPartitioned(lab, round));
      }
      bench.finished();
    }
    System.out.println();
    System.out.println("unum bench ha (3 lab hosts, TCG; " + rounds + " losses of each kind; seconds from the loss,"
        + " p50/max; a node is recovered when it runs on another host)");
    System.out.printf("  %-20s %13s %13s %13s %13s %8s %13s %13s%n", "", "detection", "fence wait", "boot",
        "recovered", "doubles", "lease stall", "rejoin stall");
    results.forEach((what, list) -> System.out.printf("  %-20s %13s %13s %13s %13s %8d %13s %13s%n", what,
        spread(list.stream().map(Round::detected).toList()),
        spread(list.stream().map(r -> r.rebound() - r.detected()).toList()),
        spread(list.stream().map(r -> r.running() - r.rebound()).toList()),
        spread(list.stream().map(Round::running).toList()),
        list.stream().mapToInt(Round::doubles).sum(),
        spread(list.stream().map(Round::leaseStall).toList()),
        spread(list.stream().map(Round::rejoinStall).toList())));
    System.out.println("  (lease stall: the longest another host's lease went unrenewed until the nodes recovered;"
        + " rejoin stall: the same while the lost host came back; a host whose lease goes unrenewed for its whole"
        + " term, in 'unum status', fences itself)");
    List<Figure> figures = new ArrayList<>();
    results.forEach((what, list) -> figures.addAll(figures(what, list)));
    return new BenchResult("ha", "3 lab hosts, " + rounds + " losses of each kind; seconds from the loss", figures);
  }

  /** The figures of one kind of loss: detection <= 10 s, recovery <= 30 s, no node run twice. */
  private static List<Figure> figures(String what, List<Round> rounds) {
    List<Double> recovered = rounds.stream().map(Round::running).sorted().toList();
    return List.of(
        Figure.lower(what + ": detection, p50", median(rounds.stream().map(Round::detected).toList()), "s").aiming(10),
        Figure.lower(what + ": fence wait, p50", median(rounds.stream().map(r -> r.rebound() - r.detected()).toList()),
            "s"),
        Figure.lower(what + ": boot elsewhere, p50", median(rounds.stream().map(r -> r.running() - r.rebound()).toList()),
            "s"),
        Figure.lower(what + ": recovered (running elsewhere), p50", median(recovered), "s").aiming(30),
        Figure.lower(what + ": recovered, max", recovered.get(recovered.size() - 1), "s").aiming(30),
        Figure.lower(what + ": nodes seen running twice", rounds.stream().mapToInt(Round::doubles).sum(), "").aiming(0));
  }

  private static double median(List<Double> seconds) {
    return seconds.stream().sorted().toList().get((seconds.size() - 1) / 2);
  }

  private Round hostPoweredOff(Lab lab, int round) throws InterruptedException {
    UnumClient any = setup.labClient(1);
    String lost = hostWithNodes(any.nodes().list());
    UnumClient witness = setup.labClient(otherThan(lost));
    System.err.printf("  round %d: powering %s off (nodes %s) ...%n", round, lost, nodesOn(witness, lost));
    long t0 = System.nanoTime();
    lab.powerOff(lost);
    Round result = measure(lab, witness, lost, t0);
    lab.start(lost);
    return result.rejoined(settle(lab, lost));
  }

  private Round leaderPartitioned(Lab lab, int round) throws InterruptedException {
    UnumClient any = setup.labClient(1);
    String leader = any.cluster().path("leader").asText();
    UnumClient witness = setup.labClient(otherThan(leader));
    if (nodesOn(witness, leader).isEmpty()) {
      // A leader without nodes loses nothing to recover: give it one.
      SoakGuest.Move moved = new UnumSoakGuest(any, any.nodes().list().get(0).path("node").asInt()).moveTo(leader);
      if (!moved.ok()) {
        throw new BenchFailure("cannot give the leader " + leader + " a node to lose: " + moved.error());
      }
    }
    System.err.printf("  round %d: cutting the leader %s off (nodes %s) ...%n", round, leader, nodesOn(witness, leader));
    long began = System.nanoTime();
    lab.partition(List.of(leader));
    // Until the last of its cuts is in place the leader still reaches part of the majority, and renews.
    long t0 = System.nanoTime();
    System.err.printf("    cut off after %.1f s (one docker exec per host and direction); times count from then%n",
        (t0 - began) / 1e9);
    Round result;
    try {
      result = measure(lab, witness, leader, t0);
    } finally {
      lab.heal();
    }
    return result.rejoined(settle(lab, leader));
  }

  /** Polls the witness until every node of {@code lost} runs elsewhere, reading libvirt everywhere as it goes. */
  private Round measure(Lab lab, UnumClient witness, String lost, long t0) throws InterruptedException {
    List<Integer> nodes = nodesOn(witness, lost);
    double detected = -1;
    double rebound = -1;
    int doubles = 0;
    double stall = 0;
    long since = System.currentTimeMillis() - (System.nanoTime() - t0) / 1_000_000;
    long deadline = System.currentTimeMillis() + ROUND_DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      double now = (System.nanoTime() - t0) / 1e9;
      doubles += doubleRuns(lab);
      stall = Math.max(stall, longestLeaseWait(lab, lost, since));
      try {
        if (detected < 0 && List.of("down", "left").contains(witness.hosts().get(lost).path("state").asText())) {
          detected = now;
        }
        Map<Integer, JsonNode> states = new HashMap<>();
        witness.nodes().list().forEach(n -> states.put(n.path("node").asInt(), n));
        boolean allRebound = nodes.stream().allMatch(n -> !states.get(n).path("host").asText().equals(lost));
        if (rebound < 0 && allRebound) {
          rebound = now;
        }
        if (allRebound && nodes.stream().allMatch(n -> states.get(n).path("state").asText().equals("running"))) {
          System.err.printf("    down after %.1f s, rebound after %.1f s, running after %.1f s; doubles seen: %d;"
              + " other hosts' leases unrenewed for up to %.1f s%n", detected, rebound, now, doubles, stall);
          return new Round(detected < 0 ? rebound : detected, rebound, now, doubles, stall, 0);
        }
      } catch (ApiFailure busy) {
        // the witness is busy electing or judging: read again
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new BenchFailure("nodes " + nodes + " of " + lost + " did not run elsewhere within "
        + ROUND_DEADLINE_MILLIS / 1000 + " s; see 'unum lab logs'");
  }

  /**
   * The longest the hosts other than {@code lost} have waited for a lease renewal since {@code
   * sinceMillis}, in seconds: gaps they report ended since then, and the one going on now.
   */
  private double longestLeaseWait(Lab lab, String lost, long sinceMillis) {
    double longest = 0;
    for (String host : lab.hosts()) {
      if (!host.equals(lost)) {
        try {
          JsonNode lease = setup.labClient(LabLayout.number(host)).status().path("lease");
          longest = Math.max(longest, lease.path("ageSeconds").asDouble());
          for (JsonNode gap : lease.path("recentGaps")) {
            if (gap.path("endedAtMillis").asLong() >= sinceMillis) {
              longest = Math.max(longest, gap.path("seconds").asDouble());
            }
          }
        } catch (ApiFailure busy) {
          // not answering now: the gap shows in its next answer
        }
      }
    }
    return longest;
  }

  /** Nodes seen running on more than one host right now. */
  private static int doubleRuns(Lab lab) {
    Map<String, Integer> seen = new HashMap<>();
    for (String host : lab.hosts()) {
      try {
        String list = lab.run(host, "virsh", "-q", "-c", "qemu:///system", "list", "--name", "--state-running");
        list.lines().map(String::strip).filter(l -> l.startsWith("unum-node")).forEach(d -> seen.merge(d, 1, Integer::sum));
      } catch (IllegalStateException stopped) {
        // a stopped host runs nothing
      }
    }
    return (int) seen.values().stream().filter(count -> count > 1).count();
  }

  /**
   * Waits until every host is up and holds its lease again, every CP seat is held by a live host,
   * and nodes 1..3 run; returns the longest the other hosts' leases went unrenewed while {@code
   * back} rejoined.
   */
  private double settle(Lab lab, String back) throws InterruptedException {
    long since = System.currentTimeMillis();
    long deadline = since + ROUND_DEADLINE_MILLIS;
    double stall = 0;
    while (System.currentTimeMillis() < deadline) {
      stall = Math.max(stall, longestLeaseWait(lab, back, since));
      try {
        boolean settled = true;
        for (String host : lab.hosts()) {
          UnumClient api = setup.labClient(LabLayout.number(host));
          // Strong: every CP seat held by a live host that caught up; the next loss must not cost the majority.
          settled &= api.status().path("fencing").asText().startsWith("lease held")
              && api.hosts().get(host).path("state").asText().equals("up")
              && api.cluster().path("consistency").asText().startsWith("strong");
        }
        for (JsonNode node : setup.labClient(1).nodes().list()) {
          settled &= node.path("state").asText().equals("running");
        }
        if (settled) {
          System.err.printf("    %s back; other hosts' leases unrenewed for up to %.1f s meanwhile%n", back, stall);
          return stall;
        }
      } catch (ApiFailure notYet) {
        // a host still starting
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new BenchFailure("the lab did not settle (every host up with its lease, the CP subsystem strong, every node"
        + " running) within "
        + ROUND_DEADLINE_MILLIS / 1000 + " s; see 'unum lab logs'");
  }

  private static String hostWithNodes(JsonNode nodes) {
    Map<String, Integer> counts = new TreeMap<>();
    nodes.forEach(n -> counts.merge(n.path("host").asText(), 1, Integer::sum));
    return Collections.max(counts.entrySet(), Map.Entry.comparingByValue()).getKey();
  }

  private static List<Integer> nodesOn(UnumClient api, String host) {
    List<Integer> on = new ArrayList<>();
    api.nodes().list().forEach(n -> {
      if (n.path("host").asText().equals(host)) {
        on.add(n.path("node").asInt());
      }
    });
    return on;
  }

  private static int otherThan(String host) {
    return LabLayout.number(host) == 1 ? 2 : 1;
  }

  private static String spread(List<Double> seconds) {
    List<Double> sorted = seconds.stream().sorted().toList();
    return String.format("%5.1f/%5.1f", median(sorted), sorted.get(sorted.size() - 1));
  }
}
