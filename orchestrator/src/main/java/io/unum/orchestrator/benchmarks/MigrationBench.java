package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code unum bench migrate}: live migration of a 512 MiB node on a lab, idle and busy (a
 * process rewriting 64 MiB of memory), through Unum (API to job done) beside plain
 * {@code virsh migrate --live --p2p --tls} of a copy of the same guest, idle and busy alike, both
 * over TLS (the only transport); wall time,
 * downtime (libvirt's completed-job statistics) and the time from the switch-over until the
 * guest runs a program; then {@link BalanceBench}: the drain of a host, the balancer's
 * convergence and a batch's makespan with it and without. Prints numbers. With {@code --soak},
 * {@link MigrationSoak} instead.
 */
public final class MigrationBench {
  private static final int ROUNDS = 5;
  private static final int NODE = 1;
  private static final String DIRTIER = "setsid sh -c 'while :; do dd if=/dev/zero of=/dev/shm/dirty bs=1M"
      + " count=64 conv=notrunc 2>/dev/null; done' unum-bench-dirty >/dev/null 2>&1 &";
  private static final String STOP_DIRTIER = "pkill -f 'unum-bench-[d]irty'; rm -f /dev/shm/dirty; true";

  private final BenchSetup setup;

  public MigrationBench(BenchSetup setup) {
    this.setup = setup;
  }

  public BenchResult run() throws Exception {
    int hosts;
    List<Figures> moves = new ArrayList<>();
    List<Figure> balance;
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "3", "--nodes", "4")) {
      Lab lab = bench.lab();
      hosts = bench.hosts();
      UnumClient api = setup.labClient(1);
      // Nothing moves but what the bench moves.
      api.updateBalancer(Map.of("mode", "off"));
      String from = api.nodes().get(NODE).path("host").asText();
      List<String> pair = List.of(from, other(lab, from));
      UnumSoakGuest node = new UnumSoakGuest(api, NODE);
      moves.add(rounds("idle 512 MiB node, Unum (API to job done)", node, pair));
      try (PlainSoakGuest copy = PlainSoakGuest.start(lab, host -> address(api, host), node.host(),
          "unum-node" + NODE)) {
        moves.add(rounds("idle, plain virsh migrate --p2p --tls (copy of the guest)", copy, pair));
        copy.shell(DIRTIER);
        moves.add(rounds("busy (rewriting 64 MiB), plain virsh (copy of the guest)", copy, pair));
      }
      node.shell(DIRTIER);
      moves.add(rounds("busy (rewriting 64 MiB), Unum", node, pair));
      node.shell(STOP_DIRTIER);
      balance = new BalanceBench(lab, api).run();
      bench.finished();
    }
    System.out.println();
    System.out.println("unum bench migrate (" + hosts + " lab hosts, TCG; " + ROUNDS + " migrations each, over"
        + " TLS; wall, downtime and time from the switch-over until the guest answers: p50/max ms; data of the last;"
        + " the plain copy's answer includes starting unum guest-exec)");
    moves.forEach(figures -> System.out.println("  " + figures.row()));
    List<Figure> figures = new ArrayList<>();
    figures.addAll(beside("idle", moves.get(0), moves.get(1)));
    figures.addAll(beside("busy", moves.get(3), moves.get(2)));
    figures.addAll(balance);
    figures.forEach(f -> System.out.printf("  %-62s %s%s%n", f.name(), f.format(f.value()), f.ratio()
        .map(r -> String.format(" (x%.2f %s)", r, f.baseline().what())).orElse("")));
    if (balance.isEmpty()) {
      System.out.println("  (" + BalanceBench.NEEDS + ")");
    }
    return new BenchResult("migrate", hosts + " lab hosts, " + ROUNDS + " moves of each kind over TLS, p50s",
        figures, balance.isEmpty() ? List.of(BalanceBench.NEEDS) : List.of());
  }

  /**
   * {@code --soak MOVES}: the lowest running node busy and moved MOVES times round the lab's hosts,
   * then a plain virsh copy of it likewise, each streaming TCP to another node, itself busy too;
   * exit 1 on any fault.
   */
  public int soak(int moves) throws Exception {
    List<SoakReport> reports = new ArrayList<>();
    StateWatch watch = null;
    try (BenchLab bench = BenchLab.open(setup, "--hosts", "3", "--nodes", "3")) {
      Lab lab = bench.lab();
      UnumClient api = setup.labClient(1);
      List<Integer> running = new ArrayList<>();
      api.nodes().list("running", null, null).forEach(n -> running.add(n.path("node").asInt()));
      if (running.size() < 2) {
        throw new BenchFailure("the soak needs two running nodes on the lab (one moves, one is its stream's peer);"
            + " running: " + running + "; start one with 'unum node start N'");
      }
      int node = running.get(0);
      int peer = running.get(1);
      String peerIp = api.nodes().get(peer).path("ip").asText();
      JsonNode settings = api.balancer().path("settings");
      api.updateBalancer(Map.of("mode", "off")); // only the soak moves anything
      // The peer is busy too (not moved): two busy guests saturate the lab's cores, as in the field.
      ProgramRun.output(api, peer, "sh", "-c", "iperf3 -s -D -p 5201; iperf3 -s -D -p 5202; " + MigrationSoak.LOAD);
      MigrationSoak soak = new MigrationSoak(System.err);
      watch = StateWatch.start(api);
      try {
        System.err.printf("soak: node %d busy, moved %d times (stream to node %d, busy too)%n", node, moves, peer);
        reports.add(soak.run(new UnumSoakGuest(api, node), lab.hosts(), moves, peerIp, 5201));
        String from = api.nodes().get(node).path("host").asText();
        System.err.printf("soak: a plain copy of node %d's guest on %s, moved %d times with virsh%n", node, from,
            moves);
        try (PlainSoakGuest plain = PlainSoakGuest.start(lab, host -> address(api, host), from,
            "unum-node" + node)) {
          reports.add(soak.run(plain, lab.hosts(), moves, peerIp, 5202));
        }
      } finally {
        watch.close();
        ProgramRun.output(api, peer, "sh", "-c", "pkill iperf3; " + MigrationSoak.STOP);
        api.updateBalancer(Map.of("mode", settings.path("mode").asText()));
      }
      bench.finished();
    }
    System.out.println();
    System.out.println("unum bench migrate --soak " + moves + " (two busy guests: CPU burner, 32 MiB rewritten twice"
        + " a second; the moved one streams TCP to the other; TCG; times in ms; answers after: from the"
        + " switch-over to the first program run; the plain copy's includes starting unum guest-exec; over N s:"
        + " moves answered later than the target, " + MigrationSoak.ANSWER_TARGET_MILLIS / 1000 + " s for Unum's node;"
        + " a link not back within " + MigrationSoak.LINK_LOST_MILLIS / 1000 + " s is a lost link, a fault)");
    reports.forEach(report -> System.out.println("  " + report.row()));
    System.out.println("  " + watch.row());
    reports.forEach(report -> {
      if (!report.late().isEmpty()) {
        System.out.println("  late answers of " + report.guest() + ": " + String.join(", ", report.late()));
      }
    });
    reports.forEach(report -> report.faults().forEach(fault -> System.out.println("  FAULT " + fault)));
    watch.changes().forEach(change -> System.out.println("  FAULT " + change));
    boolean clean = reports.stream().allMatch(SoakReport::clean) && watch.changes().isEmpty();
    System.out.println(clean ? "soak: every move clean" : "soak: faults found (listed above)");
    return clean ? 0 : 1;
  }

  private static String address(UnumClient api, String host) {
    return api.hosts().get(host).path("apiAddress").asText().split(":")[0];
  }

  /** ROUNDS moves of {@code guest} back and forth between the two hosts of {@code pair}. */
  private static Figures rounds(String what, SoakGuest guest, List<String> pair) throws InterruptedException {
    Figures figures = new Figures(what);
    for (int i = 0; i < ROUNDS; i++) {
      String from = guest.host();
      String to = pair.get(0).equals(from) ? pair.get(1) : pair.get(0);
      System.err.printf("  %s: %s -> %s ...%n", what, from, to);
      SoakGuest.Move move = guest.moveTo(to);
      if (!move.ok()) {
        throw new BenchFailure(what + ": move " + from + " -> " + to + " failed: " + move.error());
      }
      long answered = MigrationSoak.awaitAnswer(guest, move.switchedMillis());
      if (answered < 0) {
        throw new BenchFailure(what + ": the guest did not answer after its move to " + to);
      }
      figures.add(move, answered);
    }
    System.err.println("  " + figures.row()); // at once: the balancer's part that follows takes minutes
    return figures;
  }

  private static String other(Lab lab, String host) {
    return lab.hosts().stream().filter(h -> !h.equals(host)).findFirst()
        .orElseThrow(() -> new BenchFailure("the lab needs two hosts"));
  }

  /**
   * Unum's p50 wall and downtime beside plain virsh's, the measure of what Unum adds to
   * QEMU's move (target: at most 1.2x), and the slowest answer after a switch-over (at most 5 s).
   */
  private static List<Figure> beside(String what, Figures unum, Figures plain) {
    return List.of(
        Figure.lower(what + " move, wall p50 (API to job done)", p50(unum.walls), "ms")
            .beside("plain virsh migrate", p50(plain.walls)).aimingTimesBaseline(1.2),
        Figure.lower(what + " move, downtime p50", p50(unum.downtimes), "ms")
            .beside("plain virsh migrate", p50(plain.downtimes)).aimingTimesBaseline(1.2),
        Figure.lower(what + " move, switch-over to the guest answering, max", Collections.max(unum.answers), "ms")
            .aiming(5000));
  }

  /** The figures of one row. */
  private static final class Figures {
    private final String what;
    private final List<Long> walls = new ArrayList<>();
    private final List<Long> downtimes = new ArrayList<>();
    private final List<Long> answers = new ArrayList<>();
    private String data = "?";

    Figures(String what) {
      this.what = what;
    }

    void add(SoakGuest.Move move, long answeredMillis) {
      walls.add(move.wallMillis());
      downtimes.add(move.downtimeMillis());
      answers.add(answeredMillis);
      data = move.data();
    }

    String row() {
      return String.format("%-62s wall %5d / %5d   downtime %4d / %4d   answers %5d / %5d   data %s", what,
          p50(walls), Collections.max(walls), p50(downtimes), Collections.max(downtimes), p50(answers),
          Collections.max(answers), data);
    }
  }

  private static long p50(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
