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
      lab.run(to, "mkdir", "-p", "/var/lib/unum/bench-plain");
      System.err.printf("  %s: %s -> %s ...%n", what, from, to);
      String address = api.get("/api/v1/hosts/" + to).path("apiAddress").asText().split(":")[0];
      String[] out = lab.run(from, "/opt/unum/orchestrator/lab/plain-migrate", "unum-node" + NODE, address)
          .strip().split(" ", 3);
      walls.add(Long.parseLong(out[0]));
      downtimes.add(number(out[1]));
      data = out.length > 2 ? out[2] : "?";
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
