package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Live migration on the real host lab: a node moves to another host with its processes (a
 * counter keeps counting, same pid), its address (a TCP stream from another node survives) and
 * its uptime, and its console goes on in one log; the binding moves once and exactly one host runs
 * it; bad requests start nothing;
 * the memory stream is TLS, nothing of it in clear.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(10)
class MigrationLabIT {
  private static final String COUNTER = "i=0; while :; do i=$((i+1)); echo $i > /tmp/counter; sleep 0.01; done";

  private final HostLab lab;

  MigrationLabIT(HostLab lab) {
    this.lab = lab;
  }

  private String run(int node, String... argv) {
    Api.Run run = lab.api(1).run(node, argv);
    assertThat(run.exit()).as("%s on node %d: %s", String.join(" ", argv), node, run.stderr()).isZero();
    return run.stdout().strip();
  }

  /** Node 2's counter, 0 before it wrote: read again while its writer has the file truncated. */
  private long count() {
    return Await.value("node 2's counter readable", Duration.ofSeconds(30), () -> {
      String text = run(2, "sh", "-c", "cat /tmp/counter 2>/dev/null || echo 0");
      return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    });
  }

  private List<String> hostsRunning(String domain) {
    List<String> on = new ArrayList<>();
    for (int h = 1; h <= lab.hosts(); h++) {
      if (lab.runningDomains(HostLab.name(h)).contains(domain)) {
        on.add(HostLab.name(h));
      }
    }
    return on;
  }

  @Test
  @Order(1)
  void aNodeMovesWithItsProcessesItsAddressAndItsUptime() throws Exception {
    JsonNode node2 = lab.api(1).node(2);
    String from = node2.path("host").asText();
    String ip = node2.path("ip").asText();
    String to = from.equals(HostLab.name(1)) ? HostLab.name(2) : HostLab.name(1);
    run(2, "sh", "-c", "setsid sh -c '" + COUNTER + "' >/dev/null 2>&1 & echo $! > /tmp/counter.pid");
    String pid = run(2, "cat", "/tmp/counter.pid");
    run(2, "sh", "-c", "setsid iperf3 -s -D");
    Await.until("node 2's counter counting", Duration.ofSeconds(30), () -> count() > 0);
    long countBefore = count();
    double uptimeBefore = Double.parseDouble(run(2, "cut", "-d", " ", "-f1", "/proc/uptime"));
    // A TCP stream from node 1 to node 2 that lasts across the move.
    CompletableFuture<Api.Run> stream = CompletableFuture.supplyAsync(
        () -> lab.api(1).run(1, "iperf3", "-c", ip, "-t", "12", "-b", "2M"));
    // Its control connection and its data stream, both established on node 2 (port 5201 = 0x1451;
    // iperf3 may listen on IPv6, where IPv4 peers show in tcp6).
    Await.until("node 1's TCP stream to node 2 flowing", Duration.ofSeconds(30), () -> Integer.parseInt(run(2, "sh",
        "-c", "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$2 ~ /:1451$/ && $4 == \"01\"' | wc -l")) >= 2);

    run(2, "sh", "-c", "echo unum-mark-before-the-move > /dev/console");

    long t0 = System.nanoTime();
    Launcher.Result moved = lab.unum(3, "node", "migrate", "2", "--to", to, "--wait");
    double wall = (System.nanoTime() - t0) / 1e9;
    assertThat(moved.exitCode()).as(moved.toString()).isZero();
    System.out.printf("[migrate] node 2 %s -> %s: %.2f s wall with the CLI (%s)%n", from, to, wall,
        moved.stderr().lines().reduce((a, b) -> b).orElse(""));

    Await.until("the move's pause, as " + to + " measured it, in its job", Duration.ofSeconds(20), () -> {
      for (JsonNode job : lab.api(1).get("/api/v1/jobs?node=2").body()) {
        if (job.path("kind").asText().equals("migrate") && job.has("downtimeMillis")) {
          System.out.printf("[migrate] node 2's pause at the switch-over: %d ms%n", job.path("downtimeMillis").asLong());
          return job.path("downtimeMillis").asLong() > 0;
        }
      }
      return false;
    });
    JsonNode after = lab.api(2).node(2);
    assertThat(after.path("host").asText()).isEqualTo(to);
    assertThat(after.path("state").asText()).isEqualTo("running");
    assertThat(after.path("ip").asText()).isEqualTo(ip);
    assertThat(hostsRunning("unum-node2")).as("exactly one host runs node 2").containsExactly(to);
    Await.until("node 2's agent back on " + to, Duration.ofSeconds(30), () -> lab.api(1).run(2, "true").exit() == 0);
    assertThat(run(2, "cat", "/tmp/counter.pid")).isEqualTo(pid);
    assertThat(run(2, "sh", "-c", "kill -0 " + pid + " && echo alive")).as("the counter runs on").isEqualTo("alive");
    long countAfter = count();
    assertThat(countAfter).as("it counted across the move").isGreaterThan(countBefore);
    Await.until("the counter to count on after the move", Duration.ofSeconds(30), () -> count() > countAfter);
    assertThat(Double.parseDouble(run(2, "cut", "-d", " ", "-f1", "/proc/uptime"))).as("no reboot")
        .isGreaterThan(uptimeBefore);
    Api.Run iperf = stream.get(60, TimeUnit.SECONDS);
    assertThat(iperf.exit()).as("the TCP stream from node 1 survived: %s %s", iperf.stdout(), iperf.stderr()).isZero();
    assertThat(run(1, "ping", "-c", "2", "-W", "2", ip)).contains("2 received");
    run(2, "sh", "-c", "kill " + pid + "; pkill iperf3; true");
    // One console across the move, read through host 3, which runs neither copy of the node.
    run(2, "sh", "-c", "echo unum-mark-after-the-move > /dev/console");
    Await.until("node 2's console with its boot and what it printed before and after the move",
        Duration.ofSeconds(30), () -> {
          List<String> lines = new ArrayList<>();
          lab.api(3).get("/api/v1/nodes/2/console?lines=10000").body().path("lines").forEach(l -> lines.add(l.asText()));
          int before = lines.indexOf("unum-mark-before-the-move");
          return lines.stream().anyMatch(l -> l.contains("unum-init: user space reached")) && before >= 0
              && lines.subList(before, lines.size()).contains("unum-mark-after-the-move");
        });
  }

  @Test
  @Order(2)
  void badMigrationsAreRefusedAndStartNothing() {
    String host = lab.api(1).node(3).path("host").asText();
    Api.Response own = lab.api(1).post("/api/v1/nodes/3/migrate", "{\"to\": \"" + host + "\"}");
    assertThat(own.status()).isEqualTo(422);
    assertThat(own.body().path("detail").asText()).isEqualTo("node 3 already runs on " + host);
    Api.Response unknown = lab.api(1).post("/api/v1/nodes/3/migrate", "{\"to\": \"nowhere\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().path("detail").asText()).contains("no host 'nowhere'");
    assertThat(lab.api(1).post("/api/v1/nodes/3/migrate", "{\"to\": 7}").status()).isEqualTo(400);
    assertThat(lab.api(1).post("/api/v1/nodes/3/migrate", "{\"maxDowntimeMillis\": 0}").status()).isEqualTo(400);
    assertThat(lab.api(1).post("/api/v1/nodes/3/migrate", "{\"bandwidthMiBps\": -1}").status()).isEqualTo(400);
    assertThat(lab.api(1).post("/api/v1/nodes/60/migrate", "{}").status()).isEqualTo(404);
    Api.Response tcp = lab.api(1).post("/api/v1/nodes/3/migrate", "{\"transport\": \"tcp\"}");
    assertThat(tcp.status()).as("plain TCP is gone: %s", tcp.body()).isEqualTo(400);
    assertThat(tcp.body().path("errors").get(0).path("name").asText()).isEqualTo("transport");
    assertThat(tcp.body().path("detail").asText()).contains("tls");
    Launcher.Result tcpCli = lab.unum(1, "node", "migrate", "3", "--transport", "tcp");
    assertThat(tcpCli.exitCode()).as(tcpCli.toString()).isEqualTo(2);
    assertThat(tcpCli.stderr()).contains("only tls exists");
    Launcher.Result cli = lab.unum(1, "node", "migrate", "3", "--to", host);
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.stderr()).contains("already runs on " + host);
    assertThat(lab.api(1).node(3).path("host").asText()).isEqualTo(host);
  }

  @Test
  @Order(3)
  void drainEmptiesAHostAndKeepsNewNodesOff() throws Exception {
    String host = lab.api(1).node(3).path("host").asText();
    List<Integer> there = new ArrayList<>();
    for (JsonNode node : lab.api(1).get("/api/v1/nodes?state=running&host=" + host).body()) {
      there.add(node.path("node").asInt());
    }
    assertThat(there).isNotEmpty();
    long t0 = System.nanoTime();
    Launcher.Result drained = lab.unum(2, "host", "drain", host, "--wait");
    assertThat(drained.exitCode()).as(drained.toString()).isZero();
    System.out.printf("[migrate] drain of %s (%d nodes): %.2f s%n", host, there.size(), (System.nanoTime() - t0) / 1e9);
    assertThat(lab.runningDomains(host)).as("nothing runs on the drained host").isEmpty();
    for (int node : there) {
      assertThat(lab.api(1).node(node).path("host").asText()).isNotEqualTo(host);
      assertThat(lab.api(1).node(node).path("state").asText()).isEqualTo("running");
      assertThat(hostsRunning("unum-node" + node)).as("node %d runs once", node).hasSize(1);
    }
    assertThat(lab.api(1).get("/api/v1/hosts/" + host).body().path("maintenance").asBoolean()).isTrue();
    Launcher.Result undrained = lab.unum(2, "host", "undrain", host);
    assertThat(undrained.exitCode()).as(undrained.toString()).isZero();
    assertThat(lab.api(1).get("/api/v1/hosts/" + host).body().path("maintenance").asBoolean()).isFalse();
  }

  @Test
  @Order(4)
  void aCancelledMigrationLeavesTheNodeRunningWhereItWas() throws Exception {
    JsonNode node1 = lab.api(1).node(1);
    String from = node1.path("host").asText();
    Api.Response accepted = lab.api(1).post("/api/v1/nodes/1/migrate", "{}");
    assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
    String id = accepted.body().path("id").asText();
    Api.Response cancelled = lab.api(2).post("/api/v1/jobs/" + id + "/cancel", null);
    // An idle node's copy takes about a second: the cancel usually lands in it, but may come too
    // late, and then the job says so and the node is at the target. Either way: one copy, running.
    String at = from;
    if (cancelled.status() == 409) {
      assertThat(cancelled.body().path("detail").asText()).as(String.valueOf(cancelled.body())).contains("too late");
      at = lab.api(1).get("/api/v1/jobs/" + id).body().path("target").asText();
      assertThat(lab.api(1).get("/api/v1/jobs/" + id).body().path("state").asText()).isEqualTo("succeeded");
    } else {
      assertThat(cancelled.status()).as(String.valueOf(cancelled.body())).isEqualTo(200);
      assertThat(cancelled.body().path("state").asText()).isEqualTo("failed");
      assertThat(cancelled.body().path("error").asText()).startsWith("cancelled");
    }
    System.out.printf("[migration] cancel right after the request: %d, node 1 on %s%n", cancelled.status(), at);
    String host = at;
    // A late binding or a second copy would show within these seconds.
    Await.holds("node 1 running on " + host, Duration.ofSeconds(2),
        () -> lab.api(1).node(1).path("host").asText().equals(host)
            && lab.api(1).node(1).path("state").asText().equals("running"));
    assertThat(hostsRunning("unum-node1")).as("exactly one host runs node 1").containsExactly(at);
    assertThat(lab.api(1).run(1, "true").exit()).isZero();
    assertThat(lab.api(3).post("/api/v1/jobs/" + id + "/cancel", null).status()).as("once ended, no more").isEqualTo(409);
  }

  /**
   * What a capture on the destination saw of a migration's memory stream: packets, those with
   * QEMU's magic in clear, and those that begin with a TLS handshake record.
   */
  private record Capture(long packets, long magic, long handshakes) {}

  /** Moves node 3 to {@code to}, capturing the memory stream on {@code to}. */
  private Capture migrateCapturing(String to) throws Exception {
    // QEMU's migration ports (libvirt's default range), the first 128 bytes of each packet. -Z root:
    // tcpdump stays root, so pkill can stop it (lab hosts have no CAP_KILL; DockerCli.CAPABILITIES).
    assertThat(lab.exec(to, "sh", "-c", "rm -f /tmp/stream.pcap; setsid tcpdump -Z root -i any -nn -U -s 128"
        + " -w /tmp/stream.pcap 'tcp portrange 49152-49215' >/tmp/tcpdump.log 2>&1 &").getExitCode()).isZero();
    Await.until("tcpdump listening on " + to, Duration.ofSeconds(10),
        () -> lab.exec(to, "grep", "-q", "listening", "/tmp/tcpdump.log").getExitCode() == 0);
    Api.Response accepted = lab.api(1).post("/api/v1/nodes/3/migrate",
        "{\"to\": \"" + to + "\", \"transport\": \"tls\"}");
    assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
    String id = accepted.body().path("id").asText();
    Await.until("the migration to end", Duration.ofSeconds(60),
        () -> lab.api(2).get("/api/v1/jobs/" + id).body().path("state").asText().matches("succeeded|failed"));
    JsonNode job = lab.api(2).get("/api/v1/jobs/" + id).body();
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("tuning").path("transport").asText()).isEqualTo("tls");
    lab.exec(to, "pkill", "-INT", "tcpdump");
    Await.until("tcpdump done", Duration.ofSeconds(10), () -> lab.exec(to, "pgrep", "tcpdump").getExitCode() != 0);
    // QEMU's stream begins with its magic, "QEVM": ciphertext in TLS. A TLS handshake record
    // (0x16 0x03) at the start of a segment's payload shows the capture saw the stream's TLS.
    String[] counts = lab.exec(to, "sh", "-c", "tcpdump -r /tmp/stream.pcap -nn 2>/dev/null | wc -l;"
        + " tcpdump -r /tmp/stream.pcap -nn -A 2>/dev/null | grep -c QEVM;"
        + " tcpdump -r /tmp/stream.pcap -nn 'tcp[((tcp[12:1] & 0xf0) >> 2):2] = 0x1603' 2>/dev/null | wc -l")
        .getStdout().strip().split("\\s+");
    return new Capture(Long.parseLong(counts[0]), Long.parseLong(counts[1]), Long.parseLong(counts[2]));
  }

  @Test
  @Order(5)
  void theMemoryStreamIsTlsWithNothingInClearAndLibvirtdHasNoTcpPort() throws Exception {
    for (JsonNode host : lab.api(1).get("/api/v1/hosts").body()) {
      assertThat(host.path("migrationTls").asBoolean()).as("%s has the lab CA's certificate", host.path("name"))
          .isTrue();
    }
    String from = lab.api(1).node(3).path("host").asText();
    String to = from.equals(HostLab.name(1)) ? HostLab.name(2) : HostLab.name(1);

    Capture tls = migrateCapturing(to);
    System.out.printf("[migration] stream captured on the destination: %d packets, %d with QEMU's magic in clear,"
        + " %d beginning a TLS handshake record%n", tls.packets(), tls.magic(), tls.handshakes());
    assertThat(tls.packets()).as("the stream was captured").isGreaterThan(100);
    assertThat(tls.handshakes()).as("the stream is TLS").isPositive();
    assertThat(tls.magic()).as("nothing of the stream in clear").isZero();
    assertThat(hostsRunning("unum-node3")).containsExactly(to);
    assertThat(lab.api(1).run(3, "true").exit()).isZero();
    for (int h = 1; h <= lab.hosts(); h++) {
      String listening = lab.exec(HostLab.name(h), "ss", "-Hltn").getStdout();
      assertThat(listening).as("%s: libvirtd's TLS port, and no plain TCP one", HostLab.name(h))
          .contains(":16514").doesNotContain(":16509");
    }
  }
}
