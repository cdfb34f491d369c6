package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Many hosts as one cluster, on the run's shared host lab: real containers, real libvirt guests,
 * a real Hazelcast control plane. Later tests fault the lab, so they run in order.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(4)
class LabIT {
  private final HostLab lab;

  LabIT(HostLab lab) {
    this.lab = lab;
  }

  @Test
  @Order(1)
  void nodesSpreadOverTheHostsAndEveryHostAnswersTheSame() {
    Map<Integer, String> placement = lab.placement(1);
    assertThat(placement).hasSize(3);
    assertThat(placement.values()).as("one node per host").containsExactlyInAnyOrder(
        HostLab.name(1), HostLab.name(2), HostLab.name(3));
    JsonNode cluster = lab.api(1).get("/api/v1/cluster").body();
    for (int host = 2; host <= 3; host++) {
      assertThat(lab.placement(host)).as("nodes via host %d", host).isEqualTo(placement);
      JsonNode other = lab.api(host).get("/api/v1/cluster").body();
      assertThat(other.path("leader")).isEqualTo(cluster.path("leader"));
      assertThat(other.path("leaderEpoch")).isEqualTo(cluster.path("leaderEpoch"));
      assertThat(lab.hostStates(host)).isEqualTo(lab.hostStates(1));
    }
    assertThat(lab.domainsEverywhere()).as("no domain runs twice").allSatisfy(
        (domain, hosts) -> assertThat(hosts).hasSize(1));
  }

  @Test
  @Order(2)
  void aNodeOnOneHostPingsANodeOnAnotherOverTheInterconnect() {
    Map<Integer, String> placement = lab.placement(1);
    assertThat(placement.get(1)).isNotEqualTo(placement.get(2));
    Launcher.Result ping = lab.unum(1, "run", "--node", "1", "ping", "-c", "3", "-W", "2", "10.213.0.2");
    assertThat(ping.exitCode()).as("%s", ping).isZero();
    assertThat(ping.stdout()).contains("3 received");
    // A full-size frame with don't-fragment set crosses the tunnel: the nodes' MTU leaves room for it.
    Launcher.Result big = lab.unum(2, "run", "--node", "3", "ping", "-c", "1", "-W", "2", "-M", "do",
        "-s", "1422", "10.213.0.1");
    assertThat(big.exitCode()).as("%s", big).isZero();
  }

  @Test
  @Order(3)
  void aSecondHostCannotRunANodesDiskWhileItsHostDoes() {
    String owner = lab.placement(1).get(1);
    String other = owner.equals(HostLab.name(1)) ? HostLab.name(2) : HostLab.name(1);
    String xml = lab.exec(owner, "virsh", "-c", "qemu:///system", "dumpxml", "unum-node1").getStdout();
    assertThat(xml).contains("<name>unum-node1</name>");
    // The same domain, by hand, behind the control plane's back: the disk lock refuses it.
    var started = lab.exec(other, "sh", "-c", "mkdir -p /var/lib/unum/nodes/node1 && printf '%s' \"$0\" > /tmp/n1.xml"
        + " && virsh -c qemu:///system create /tmp/n1.xml", xml);
    assertThat(started.getExitCode()).as("virsh create on %s: %s", other, started.getStdout()).isNotZero();
    // QEMU's own image lock refuses first; libvirt takes the disk lease only as the guest's CPUs
    // start, so behind it stands the owner's lease in the shared lockspace, held by its virtlockd.
    assertThat(started.getStderr()).contains("lock");
    assertThat(lab.runningDomains(other)).doesNotContain("unum-node1");
    Matcher disk = Pattern.compile("<source file='([^']+)'").matcher(xml);
    assertThat(disk.find()).as("node 1's disk in %s", xml).isTrue();
    var lease = lab.exec(other, "sh", "-c", "f=/var/lib/unum/shared/lockspace/$(printf %s \"$0\" | sha256sum | cut -d' ' -f1);"
        + " test -f \"$f\" && perl -MFcntl -e 'open(F, q{+<}, $ARGV[0]) or exit 2;"
        + " my $l = pack(q{s s x4 q q l x4}, F_WRLCK, 0, 0, 0, 0); exit(fcntl(F, F_SETLK, $l) ? 1 : 0)' \"$f\"",
        disk.group(1));
    assertThat(lease.getExitCode()).as("node 1's disk lease in the shared lockspace: held (0), free or"
        + " missing (1): %s %s", lease.getStdout(), lease.getStderr()).isZero();
  }

  @Test
  @Order(4)
  void theLeadersDeathElectsTheNextOldestWithinSecondsAndLeavesNodesAlone() throws Exception {
    JsonNode before = lab.api(1).get("/api/v1/cluster").body();
    String leader = before.path("leader").asText();
    long epoch = before.path("leaderEpoch").asLong();
    int survivor = leader.equals(HostLab.name(1)) ? 2 : 1;
    Map<String, List<String>> domains = lab.domainsEverywhere();
    int back = Integer.parseInt(leader.substring(leader.lastIndexOf('-') + 1));
    int watchdogMark = watchdogLog(back).length();

    long killed = System.nanoTime();
    assertThat(Launcher.unum("lab", "kill", leader).exitCode()).isZero();
    // Started again at once, as a service manager would: back within its lease's term, its guests
    // live on. The hand-over is timed meanwhile, from the kill, not after the restart's JVM start.
    CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> lab.restartInPlace(leader));
    Await.until("a new leader", Duration.ofSeconds(30), () -> {
      JsonNode now = lab.api(survivor).get("/api/v1/cluster").body();
      return !now.path("leader").asText().equals(leader) && now.path("leaderEpoch").asLong() > epoch;
    });
    System.out.printf("[lab] leader failover: %.2f s (%s -> %s)%n", (System.nanoTime() - killed) / 1e9,
        leader, lab.api(survivor).get("/api/v1/cluster").body().path("leader").asText());
    restart.get(120, TimeUnit.SECONDS);
    Await.until(leader + " back", Duration.ofSeconds(60), () -> lab.api(back).reachable());
    awaitLeasesAndAnswers(3);
    String fired = watchdogLog(back).substring(watchdogMark).lines().filter(line -> line.contains("killed QEMU"))
        .findFirst().orElse("");
    if (fired.isEmpty()) {
      assertThat(lab.domainsEverywhere()).as("the nodes kept running where they were").isEqualTo(domains);
    } else {
      // A slow machine: the orchestrator started again renewed after its lease's term (18 s), so its
      // watchdog fenced its guests and the majority runs them elsewhere: each still once.
      System.out.printf("[lab] %s's restart outlasted its lease's term; its watchdog: %s%n", leader, fired);
      Map<String, List<String>> now = lab.domainsEverywhere();
      assertThat(now.keySet()).as("the same nodes").isEqualTo(domains.keySet());
      now.forEach((domain, hosts) -> assertThat(hosts).as("%s runs once", domain).hasSize(1));
    }
  }

  /**
   * Every host holds its lease if it fences (so no watchdog fires later) and nodes 1..{@code nodes}
   * run and answer: a status that merely still says running is not enough after orchestrators restarted.
   */
  private void awaitLeasesAndAnswers(int nodes) {
    Await.until("every host holding its lease, nodes 1.." + nodes + " answering", Duration.ofSeconds(120), () -> {
      for (int host = 1; host <= lab.hosts(); host++) {
        String fencing = lab.api(host).reachable()
            ? lab.api(host).get("/api/v1/status").body().path("fencing").asText() : "";
        if (!fencing.startsWith("lease held") && !fencing.startsWith("off")) {
          return false;
        }
      }
      for (int node = 1; node <= nodes; node++) {
        if (!lab.api(1).node(node).path("state").asText().equals("running") || lab.api(1).run(node, "true").exit() != 0) {
          return false;
        }
      }
      return true;
    }, lab::describe);
  }

  @Test
  @Order(5)
  void everyOrchestratorRestartedTogetherKeepsTheSpecsAndTheNodesRunningOnce() throws Exception {
    JsonNode specsBefore = specs(1);
    Map<String, List<String>> domains = lab.domainsEverywhere();
    Map<Integer, Integer> watchdogLogged = new TreeMap<>();
    for (int host = 1; host <= lab.hosts(); host++) {
      watchdogLogged.put(host, watchdogLog(host).length());
    }
    long began = System.nanoTime();
    // Restarted together, as an upgrade of every host at once would: each parts with the restart
    // grace, the CP group forms anew and grants leases within it, so no watchdog fires.
    List<String> hosts = IntStream.rangeClosed(1, lab.hosts()).mapToObj(HostLab::name).toList();
    lab.restartOrchestrators(hosts);
    Await.until("every host back", Duration.ofSeconds(90), () -> {
      for (int host = 1; host <= lab.hosts(); host++) {
        if (!lab.api(host).reachable()) {
          return false;
        }
      }
      return true;
    });
    awaitLeasesAndAnswers(3);
    System.out.printf("[lab] every orchestrator restarted together: every lease held, nodes answering"
        + " %.1f s after the restart began%n", (System.nanoTime() - began) / 1e9);
    for (int host = 1; host <= lab.hosts(); host++) {
      assertThat(specs(host)).as("specs via host %d", host).isEqualTo(specsBefore);
      String logged = watchdogLog(host).substring(watchdogLogged.get(host));
      // The margin left, for whoever tunes the lease term (the watchdog logs how close it came).
      System.out.printf("[lab] host %d's watchdog: %s%n", host,
          logged.lines().filter(line -> line.contains("to spare")).findFirst().orElse("(no close call logged)"));
      assertThat(logged).as("what host %d's watchdog logged meanwhile", host).doesNotContain("killed QEMU");
    }
    assertThat(lab.domainsEverywhere()).as("the same domains, each on one host").isEqualTo(domains);
  }

  private String watchdogLog(int host) {
    return lab.exec(HostLab.name(host), "sh", "-c", "cat /var/log/unum/watchdog.log 2>/dev/null; true").getStdout();
  }

  /** The desired state of every node (what must survive), without the observed fields. */
  private JsonNode specs(int via) {
    JsonNode list = lab.api(via).get("/api/v1/nodes").body().deepCopy();
    for (JsonNode node : list) {
      ((ObjectNode) node).retain(List.of("node", "desiredRunning", "host", "pinnedHost", "cpus", "memoryMiB", "kernelArgs"));
    }
    return list;
  }
}
