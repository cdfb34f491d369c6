package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.lab.Lab;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code unum bench migrate}: live migration of a 512 MiB node on a lab, idle and busy (a
 * process rewriting 64 MiB of memory), through Unum (API to job done) beside plain
 * {@code virsh migrate --live --p2p} of a copy of the same guest; wall time, downtime and data
 * from libvirt's completed-job statistics; then {@link BalanceBench}: the drain of a host, the
 * balancer's convergence and a batch's makespan with it and without. Prints numbers.
 */
final class MigrationBench {
  private static final int ROUNDS = 5;
  private static final int NODE = 1;
  private static final String DIRTIER = "setsid sh -c 'while :; do dd if=/dev/zero of=/dev/shm/dirty bs=1M"
      + " count=64 conv=notrunc 2>/dev/null; done' >/dev/null 2>&1 &";

  private final Installation installation;
  private final List<String> rows = new ArrayList<>();

  MigrationBench(Installation installation) {
    this.installation = installation;
  }

  int run() throws Exception {
    int hosts;
    List<String> balance;
    try (BenchLab bench = BenchLab.open(installation, "--hosts", "3", "--nodes", "4")) {
      Lab lab = bench.lab();
      hosts = bench.hosts();
      ApiClient api = LabCommand.client(1);
      // Nothing moves but what the bench moves; over plain TCP, as plain virsh is run.
      api.patch("/api/v1/balancer", Map.of("mode", "off", "transport", "tcp"));
      rows.add(unum(lab, api, "idle 512 MiB node, Unum (API to job done)", "tcp"));
      rows.add(plain(lab, api, "idle, plain virsh migrate --live --p2p (copy of the guest)"));
      rows.add(unum(lab, api, "idle, Unum over TLS (libvirt and the memory stream)", "tls"));
      exec(api, "sh", "-c", DIRTIER);
      rows.add(unum(lab, api, "busy (rewriting 64 MiB), Unum", "tcp"));
      stopDirtier(api);
      balance = new BalanceBench(lab, api).run();
    }
    System.out.println();
    System.out.println("unum bench migrate (" + hosts + " lab hosts, TCG; " + ROUNDS + " migrations each;"
        + " wall p50/max ms, downtime p50/max ms, data of the last)");
    rows.forEach(row -> System.out.println("  " + row));
    balance.forEach(row -> System.out.println("  " + row));
    System.out.println("  (not yet: a busy plain-virsh run)");
    return 0;
  }

  /**
   * {@code --soak MOVES}: the lowest running node busy and moved MOVES times round the lab's hosts,
   * then a plain virsh copy of it likewise, each streaming TCP to another node, itself busy too;
   * exit 1 on any fault.
   */
  int soak(int moves) throws Exception {
    List<SoakReport> reports = new ArrayList<>();
    try (BenchLab bench = BenchLab.open(installation, "--hosts", "3", "--nodes", "3")) {
      Lab lab = bench.lab();
      ApiClient api = LabCommand.client(1);
      List<Integer> running = new ArrayList<>();
      api.get("/api/v1/nodes?state=running").forEach(n -> running.add(n.path("node").asInt()));
      if (running.size() < 2) {
        throw new CliFailure("the soak needs two running nodes on the lab (one moves, one is its stream's peer);"
            + " running: " + running + "; start one with 'unum node start N'");
      }
      int node = running.get(0);
      int peer = running.get(1);
      String peerIp = api.get("/api/v1/nodes/" + peer).path("ip").asText();
      JsonNode settings = api.get("/api/v1/balancer").path("settings");
      api.patch("/api/v1/balancer", Map.of("mode", "off", "transport", "tcp")); // only the soak moves anything
      // The peer is busy too (not moved): two busy guests saturate the lab's cores, as in the field.
      NodeExec.output(api, peer, "sh", "-c", "iperf3 -s -D -p 5201; iperf3 -s -D -p 5202; " + MigrationSoak.LOAD);
      MigrationSoak soak = new MigrationSoak(System.err);
      try {
        System.err.printf("soak: node %d busy, moved %d times (stream to node %d, busy too)%n", node, moves, peer);
        reports.add(soak.run(new UnumSoakGuest(api, node), lab.hosts(), moves, peerIp, 5201));
        String from = api.get("/api/v1/nodes/" + node).path("host").asText();
        System.err.printf("soak: a plain copy of node %d's guest on %s, moved %d times with virsh%n", node, from,
            moves);
        try (PlainSoakGuest plain = PlainSoakGuest.start(lab, host -> address(api, host), from,
            "unum-node" + node)) {
          reports.add(soak.run(plain, lab.hosts(), moves, peerIp, 5202));
        }
      } finally {
        NodeExec.output(api, peer, "sh", "-c", "pkill iperf3; " + MigrationSoak.STOP);
        api.patch("/api/v1/balancer", Map.of("mode", settings.path("mode").asText(),
            "transport", settings.path("transport").asText()));
      }
    }
    System.out.println();
    System.out.println("unum bench migrate --soak " + moves + " (two busy guests: CPU burner, 32 MiB rewritten twice"
        + " a second; the moved one streams TCP to the other; TCG; times in ms; answers after: from the"
        + " switch-over to the first program run; the plain copy's includes starting unum guest-exec)");
    reports.forEach(report -> System.out.println("  " + report.row()));
    reports.forEach(report -> report.faults().forEach(fault -> System.out.println("  FAULT " + fault)));
    boolean clean = reports.stream().allMatch(SoakReport::clean);
    System.out.println(clean ? "soak: every move clean" : "soak: faults found (listed above)");
    return clean ? 0 : 1;
  }

  private static String address(ApiClient api, String host) {
    return api.get("/api/v1/hosts/" + host).path("apiAddress").asText().split(":")[0];
  }

  /** ROUNDS migrations of the node back and forth through the API, over {@code transport}. */
  private String unum(Lab lab, ApiClient api, String what, String transport) throws InterruptedException {
    List<Long> walls = new ArrayList<>();
    List<Long> downtimes = new ArrayList<>();
    String data = "?";
    for (int i = 0; i < ROUNDS; i++) {
      String from = api.get("/api/v1/nodes/" + NODE).path("host").asText();
      String to = other(lab, from);
      System.err.printf("  %s: %s -> %s ...%n", what, from, to);
      long t0 = System.nanoTime();
      String job = api.post("/api/v1/nodes/" + NODE + "/migrate", Map.of("to", to, "transport", transport))
          .path("id").asText();
      BalanceBench.awaitJob(api, job, 20); // polled often: its end is the wall time measured
      walls.add((System.nanoTime() - t0) / 1_000_000);
      String stats = lab.run(to, "virsh", "-c", "qemu:///system", "domjobinfo", "--completed", "unum-node" + NODE);
      downtimes.add(number(field(stats, "Total downtime")));
      data = field(stats, "Data processed");
      Thread.sleep(1000); // the agent reconnects; the next move starts from a settled node
    }
    return row(what, walls, downtimes, data);
  }

  /** ROUNDS plain virsh migrations of a copy of the node's guest, booted by the lab script. */
  private String plain(Lab lab, ApiClient api, String what) {
    List<Long> walls = new ArrayList<>();
    List<Long> downtimes = new ArrayList<>();
    String data = "?";
    for (int i = 0; i < ROUNDS; i++) {
      String from = api.get("/api/v1/nodes/" + NODE).path("host").asText();
      String to = other(lab, from);
      System.err.printf("  %s: %s -> %s ...%n", what, from, to);
      try (PlainSoakGuest copy = PlainSoakGuest.start(lab, host -> address(api, host), from, "unum-node" + NODE)) {
        SoakGuest.Move move = copy.moveTo(to);
        if (!move.ok()) {
          throw new CliFailure("plain virsh migrate " + from + " -> " + to + " failed: " + move.error());
        }
        walls.add(move.wallMillis());
        downtimes.add(move.downtimeMillis());
        data = move.data();
      }
    }
    return row(what, walls, downtimes, data);
  }

  private static String other(Lab lab, String host) {
    return lab.hosts().stream().filter(h -> !h.equals(host)).findFirst()
        .orElseThrow(() -> new CliFailure("the lab needs two hosts"));
  }

  /** Stops the memory writer; its agent may take a while to answer while the guest is busy. */
  private static void stopDirtier(ApiClient api) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        exec(api, "sh", "-c", "pkill -f dirty; rm -f /dev/shm/dirty; true");
        return;
      } catch (CliFailure e) {
        if (System.nanoTime() > deadline) {
          System.err.println("  (could not stop the memory writer in node " + NODE + ": " + e.getMessage() + ")");
          return;
        }
        Thread.sleep(1000);
      }
    }
  }

  private static void exec(ApiClient api, String... argv) {
    api.stream("/api/v1/nodes/" + NODE + "/exec", Map.of("argv", List.of(argv)), line -> { });
  }

  private static String field(String virsh, String name) {
    return virsh.lines().filter(l -> l.startsWith(name + ":")).map(l -> l.substring(name.length() + 1).strip())
        .findFirst().orElse("?");
  }

  private static long number(String text) {
    String digits = text.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? -1 : Long.parseLong(digits);
  }

  private static String row(String what, List<Long> walls, List<Long> downtimes, String data) {
    return String.format("%-62s wall %5d / %5d   downtime %4d / %4d   data %s", what, p50(walls),
        Collections.max(walls), p50(downtimes), Collections.max(downtimes), data);
  }

  private static long p50(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
