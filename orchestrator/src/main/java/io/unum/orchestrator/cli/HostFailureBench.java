package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
final class HostFailureBench {
  private static final long POLL_MILLIS = 200;
  private static final long ROUND_DEADLINE_MILLIS = 300_000;

  private final Installation installation;
  private final int rounds;

  HostFailureBench(Installation installation, int rounds) {
    this.installation = installation;
    this.rounds = rounds;
  }

  /** One loss: seconds from it to the host being down, to its nodes rebound, to the last running; doubles seen. */
  private record Round(double detected, double rebound, double running, int doubles) {}

  int run() throws Exception {
    Map<String, List<Round>> results = new TreeMap<>();
    try (BenchLab bench = BenchLab.open(installation, "--hosts", "3", "--nodes", "3", "--fencing", "lease")) {
      Lab lab = bench.lab();
      if (!lab.fences()) {
        throw new CliFailure("the lab that is up runs without fencing, so a lost host's nodes never restart"
            + " elsewhere: run 'unum lab down', then this again (it starts a lab of its own with --fencing lease)");
      }
      for (int round = 1; round <= rounds; round++) {
        results.computeIfAbsent("host powered off", k -> new ArrayList<>()).add(hostPoweredOff(lab, round));
        results.computeIfAbsent("leader partitioned", k -> new ArrayList<>()).add(leaderPartitioned(lab, round));
      }
    }
    System.out.println();
    System.out.println("unum bench ha (3 lab hosts, TCG; " + rounds + " losses of each kind; seconds from the loss,"
        + " p50/max; a node is recovered when it runs on another host)");
    System.out.printf("  %-20s %13s %13s %13s %13s %8s%n", "", "detection", "fence wait", "boot", "recovered", "doubles");
    results.forEach((what, list) -> System.out.printf("  %-20s %13s %13s %13s %13s %8d%n", what,
        spread(list.stream().map(Round::detected).toList()),
        spread(list.stream().map(r -> r.rebound() - r.detected()).toList()),
        spread(list.stream().map(r -> r.running() - r.rebound()).toList()),
        spread(list.stream().map(Round::running).toList()),
        list.stream().mapToInt(Round::doubles).sum()));
    return 0;
  }

  private Round hostPoweredOff(Lab lab, int round) throws InterruptedException {
    UnumClient any = LabCommand.client(1);
    String lost = hostWithNodes(any.nodes().list());
    UnumClient witness = LabCommand.client(otherThan(lost));
    System.err.printf("  round %d: powering %s off (nodes %s) ...%n", round, lost, nodesOn(witness, lost));
    long t0 = System.nanoTime();
    lab.powerOff(lost);
    Round result = measure(lab, witness, lost, t0);
    lab.start(lost);
    settle(lab);
    return result;
  }

  private Round leaderPartitioned(Lab lab, int round) throws InterruptedException {
    UnumClient any = LabCommand.client(1);
    String leader = any.cluster().path("leader").asText();
    UnumClient witness = LabCommand.client(otherThan(leader));
    if (nodesOn(witness, leader).isEmpty()) {
      // A leader without nodes loses nothing to recover: give it one.
      SoakGuest.Move moved = new UnumSoakGuest(any, any.nodes().list().get(0).path("node").asInt()).moveTo(leader);
      if (!moved.ok()) {
        throw new CliFailure("cannot give the leader " + leader + " a node to lose: " + moved.error());
      }
    }
    System.err.printf("  round %d: cutting the leader %s off (nodes %s) ...%n", round, leader, nodesOn(witness, leader));
    long t0 = System.nanoTime();
    lab.partition(List.of(leader));
    Round result;
    try {
      result = measure(lab, witness, leader, t0);
    } finally {
      lab.heal();
    }
    settle(lab);
    return result;
  }

  /** Polls the witness until every node of {@code lost} runs elsewhere, reading libvirt everywhere as it goes. */
  private static Round measure(Lab lab, UnumClient witness, String lost, long t0) throws InterruptedException {
    List<Integer> nodes = nodesOn(witness, lost);
    double detected = -1;
    double rebound = -1;
    int doubles = 0;
    long deadline = System.currentTimeMillis() + ROUND_DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      double now = (System.nanoTime() - t0) / 1e9;
      doubles += doubleRuns(lab);
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
          System.err.printf("    down after %.1f s, rebound after %.1f s, running after %.1f s; doubles seen: %d%n",
              detected, rebound, now, doubles);
          return new Round(detected < 0 ? rebound : detected, rebound, now, doubles);
        }
      } catch (ApiFailure busy) {
        // the witness is busy electing or judging: read again
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new CliFailure("nodes " + nodes + " of " + lost + " did not run elsewhere within "
        + ROUND_DEADLINE_MILLIS / 1000 + " s; see 'unum lab logs'");
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

  /** Waits until every host is up and holds its lease again and nodes 1..3 run. */
  private static void settle(Lab lab) throws InterruptedException {
    long deadline = System.currentTimeMillis() + ROUND_DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      try {
        boolean settled = true;
        for (String host : lab.hosts()) {
          UnumClient api = LabCommand.client(LabLayout.number(host));
          settled &= api.status().path("fencing").asText().startsWith("lease held")
              && api.hosts().get(host).path("state").asText().equals("up");
        }
        for (JsonNode node : LabCommand.client(1).nodes().list()) {
          settled &= node.path("state").asText().equals("running");
        }
        if (settled) {
          return;
        }
      } catch (ApiFailure notYet) {
        // a host still starting
      }
      Thread.sleep(1000);
    }
    throw new CliFailure("the lab did not settle (every host up with its lease, every node running) within "
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
    return String.format("%5.1f/%5.1f", sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1));
  }
}
