package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The load balancer on the real lab, each host limited to 1.2 cores of this machine (as if they
 * were small separate machines): CPU burners started on nodes that all sit on one host are spread
 * over the hosts automatically, live (the burners keep their pids); recommend mode moves nothing;
 * the balanced cluster then sees no migration for five minutes; bad settings are refused.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(11)
class BalancerLabIT {
  private static final double HOST_CORES = 1.2;
  private static final List<Integer> BURNERS = List.of(1, 2, 3);
  private static final String BURN = "while :; do :; done";

  private final HostLab lab;
  private final Map<Integer, String> pids = new HashMap<>();

  BalancerLabIT(HostLab lab) {
    this.lab = lab;
  }

  private String run(int node, String... argv) {
    Api.Run run = lab.api(1).run(node, argv);
    assertThat(run.exit()).as("%s on node %d: %s", String.join(" ", argv), node, run.stderr()).isZero();
    return run.stdout().strip();
  }

  private Api.Response balancer(String change) {
    return lab.api(2).patch("/api/v1/balancer", change);
  }

  private Map<Integer, String> placement() {
    Map<Integer, String> hosts = new HashMap<>();
    for (int node : BURNERS) {
      hosts.put(node, lab.api(1).node(node).path("host").asText());
    }
    return hosts;
  }

  private long migrationJobs() {
    long count = 0;
    for (JsonNode job : lab.api(1).get("/api/v1/jobs").body()) {
      count += job.path("kind").asText().equals("migrate") ? 1 : 0;
    }
    return count;
  }

  @Test
  @Order(1)
  void badSettingsAreRefusedAndChangeNothing() {
    long revision = lab.api(1).get("/api/v1/balancer").body().path("settings").path("revision").asLong();
    assertThat(balancer("{\"mode\": \"fast\"}").status()).isEqualTo(400);
    assertThat(balancer("{\"thresholdPercent\": 0}").status()).isEqualTo(400);
    assertThat(balancer("{\"cooldown\": 5}").status()).isEqualTo(400);
    assertThat(balancer("{}").status()).isEqualTo(400);
    Launcher.Result nothing = lab.unum(1, "balancer", "set");
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.stderr()).contains("nothing to change");
    assertThat(lab.api(3).get("/api/v1/balancer").body().path("settings").path("revision").asLong())
        .isEqualTo(revision);
  }

  @Test
  @Order(2)
  void burnersOnOneHostAreSpreadAutomaticallyAndLive() throws Exception {
    for (int h = 1; h <= lab.hosts(); h++) {
      lab.cpuQuota(HostLab.name(h), HOST_CORES);
    }
    String hot = HostLab.name(1);
    // A short cooldown: the moves that make the skew count as moves of these nodes.
    assertThat(balancer("{\"mode\": \"off\", \"cooldownSeconds\": 5}").status()).isEqualTo(200);
    for (int node : BURNERS) {
      if (!placement().get(node).equals(hot)) {
        Launcher.Result moved = lab.unum(1, "node", "migrate", String.valueOf(node), "--to", hot, "--wait");
        assertThat(moved.exitCode()).as(moved.toString()).isZero();
      }
      run(node, "sh", "-c", "setsid nice -n 19 sh -c '" + BURN + "' >/dev/null 2>&1 & echo $! > /tmp/burner.pid");
      pids.put(node, run(node, "cat", "/tmp/burner.pid"));
    }
    Await.until("the balancer to see " + hot + " overloaded", Duration.ofSeconds(30), () ->
        lab.api(1).get("/api/v1/balancer").body().path("report").path("imbalancePercent").asInt() > 50);

    // Recommend: says what it would do, moves nothing.
    assertThat(balancer("{\"mode\": \"recommend\"}").status()).isEqualTo(200);
    Await.until("a recommendation", Duration.ofSeconds(30), () -> {
      for (JsonNode d : lab.api(1).get("/api/v1/balancer").body().path("report").path("decisions")) {
        if (d.path("mode").asText().equals("recommend") && d.path("from").asText().equals(hot)
            && BURNERS.contains(d.path("node").asInt())) {
          return true;
        }
      }
      return false;
    });
    long jobsBefore = migrationJobs();
    Await.holds("no migration started in recommend mode", Duration.ofSeconds(3), () -> migrationJobs() == jobsBefore);
    assertThat(new HashSet<>(placement().values())).containsExactly(hot);

    long t0 = System.nanoTime();
    assertThat(balancer("{\"mode\": \"automatic\"}").status()).isEqualTo(200);
    Await.until("the burners spread over the hosts", Duration.ofSeconds(90),
        () -> new HashSet<>(placement().values()).size() == 3);
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode report = lab.api(1).get("/api/v1/balancer").body().path("report");
    System.out.printf("[balancer] 3 burners on %s spread to %s in %.1f s; state: %s%n", hot, placement(), seconds,
        report.path("state").asText());
    JsonNode decision = null;
    for (JsonNode d : report.path("decisions")) {
      if (d.path("mode").asText().equals("automatic")) {
        decision = d;
        System.out.println("[balancer] decision: node " + d.path("node").asInt() + " " + d.path("from").asText()
            + " -> " + d.path("to").asText() + ": " + d.path("reason").asText());
      }
    }
    assertThat(decision).as("an automatic decision is reported").isNotNull();
    assertThat(decision.path("job").asText()).startsWith("j-");
    assertThat(decision.path("reason").asText()).contains(hot).contains("imbalance");
    assertThat(decision.path("loadsBefore").path(hot).asInt())
        .isGreaterThan(decision.path("loadsAfter").path(hot).asInt());
    for (int node : BURNERS) {
      Await.until("node " + node + "'s agent answering", Duration.ofSeconds(60),
          () -> lab.api(1).run(node, "true").exit() == 0);
      assertThat(run(node, "sh", "-c", "kill -0 " + pids.get(node) + " && echo alive"))
          .as("node %d's burner moved with it, live", node).isEqualTo("alive");
    }
  }

  @Test
  @Order(3)
  void aBalancedClusterSeesNoMigrationForFiveMinutes() throws Exception {
    Map<Integer, String> before = placement();
    long jobsBefore = migrationJobs();
    long end = System.nanoTime() + 300_000_000_000L;
    Set<String> states = new HashSet<>();
    while (System.nanoTime() < end) {
      Thread.sleep(10_000);
      assertThat(placement()).as("placement while steady").isEqualTo(before);
      states.add(lab.api(1).get("/api/v1/balancer").body().path("report").path("state").asText()
          .replaceAll("[0-9.]+", "N"));
    }
    assertThat(migrationJobs()).as("migrations in five steady minutes").isEqualTo(jobsBefore);
    System.out.println("[balancer] 5 steady minutes, no migration; states seen: " + states);
  }

  @AfterAll
  void restore() throws Exception {
    for (int node : BURNERS) {
      lab.api(1).run(node, "sh", "-c", "kill $(cat /tmp/burner.pid); true");
    }
    balancer("{\"mode\": \"recommend\", \"cooldownSeconds\": 120}");
    for (int h = 1; h <= lab.hosts(); h++) {
      lab.cpuQuota(HostLab.name(h), 0);
    }
  }
}
