package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container;

/**
 * libvirtd faults on the host of a running node: libvirtd restarted, then hung (SIGSTOP) for
 * 30 s. The host's orchestrator is not restarted: it reconnects by itself and its reconcile
 * passes work again within 15 s; meanwhile its API answers, it shows the host degraded, and the
 * node keeps running.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(8)
class LibvirtFaultLabIT {
  private static final int NODE = 3;
  private static final Duration RECOVERY = Duration.ofSeconds(15);
  private static final Duration HUNG = Duration.ofSeconds(30);

  private final HostLab lab;

  LibvirtFaultLabIT(HostLab lab) {
    this.lab = lab;
  }

  @Test
  @Order(1)
  void aRestartedLibvirtdIsReconnectedToWithoutRestartingTheOrchestrator() throws IOException {
    String host = lab.api(1).node(NODE).path("host").asText();
    Api api = lab.api(LabLayout.number(host));
    Path log = log(host);
    long mark = size(log);
    long daemon = orchestratorPid(host);

    exec(host, "pkill", "-x", "libvirtd");
    Await.until("libvirtd on " + host + " gone", Duration.ofSeconds(30),
        () -> lab.exec(host, "pgrep", "-x", "libvirtd").getExitCode() != 0);
    // A failed pass or two while libvirtd is away: the old connection is closed for good.
    Await.until(host + "'s reconcile pass failing without libvirtd", Duration.ofSeconds(30),
        () -> since(log, mark).contains("reconcile pass failed"));
    long restarted = System.nanoTime();
    exec(host, "env", "UNUM_LIBVIRT_LISTEN=tls", "UNUM_LIBVIRT_ALLOWED_DN=O=Unum,CN=unum-host-*",
        "/opt/unum/orchestrator/host/ensure-libvirt");
    Await.until(host + "'s reconcile passes working again on a new connection", RECOVERY,
        () -> since(log, mark).contains("reconcile passes work again"));
    System.out.printf("[libvirt] %s: libvirtd restarted; reconcile passes work again %.1f s later%n", host,
        (System.nanoTime() - restarted) / 1e9);
    assertThat(since(log, mark)).contains("connected to libvirt at qemu:///system again");
    assertThat(orchestratorPid(host)).as("the same orchestrator").isEqualTo(daemon);
    assertThat(api.node(NODE).path("state").asText()).isEqualTo("running");
    assertThat(api.run(NODE, "echo", "on").stdout()).isEqualTo("on\n");
  }

  @Test
  @Order(2)
  void aHungLibvirtdFreezesNoCallerAndFailsNoNode() throws IOException {
    String host = lab.api(1).node(NODE).path("host").asText();
    Api api = lab.api(LabLayout.number(host));
    Path log = log(host);
    long mark = size(log);

    exec(host, "pkill", "-STOP", "-x", "libvirtd");
    long stopped = System.nanoTime();
    long resumed;
    int answered = 0;
    try {
      Await.until(host + " to say libvirtd does not answer", Duration.ofSeconds(30),
          () -> since(log, mark).contains("did not answer within"));
      Await.until(host + " shown degraded in GET /hosts", Duration.ofSeconds(15),
          () -> degraded(api, host).contains("did not answer within"));
      // The scenario lasts as long as libvirtd hangs: every read must be answered meanwhile.
      while (System.nanoTime() - stopped < HUNG.toNanos()) {
        assertThat(api.get("/api/v1/status").status()).as("%s's API while libvirtd hangs", host).isEqualTo(200);
        assertThat(api.node(NODE).path("state").asText()).as("node %d while libvirtd hangs", NODE)
            .isEqualTo("running");
        answered++;
      }
    } finally {
      exec(host, "pkill", "-CONT", "-x", "libvirtd");
      resumed = System.nanoTime();
    }
    Await.until(host + "'s reconcile passes working again, the host no longer degraded", RECOVERY,
        () -> since(log, mark).contains("reconcile passes work again") && degraded(api, host).isEmpty());
    System.out.printf("[libvirt] %s: libvirtd hung %.0f s (%d rounds of API reads answered meanwhile); reconcile"
        + " passes work again %.1f s after it resumed%n", host, (resumed - stopped) / 1e9, answered,
        (System.nanoTime() - resumed) / 1e9);
    assertThat(api.node(NODE).path("state").asText()).isEqualTo("running");
    assertThat(api.run(NODE, "echo", "on").stdout()).isEqualTo("on\n");
  }

  /** Why GET /hosts says {@code host} is degraded; empty when it is not. */
  private static String degraded(Api api, String host) {
    for (var entry : api.get("/api/v1/hosts").body()) {
      if (entry.path("name").asText().equals(host)) {
        return entry.path("degraded").asText("");
      }
    }
    throw new AssertionError(host + " is not in GET /hosts");
  }

  private void exec(String host, String... command) {
    Container.ExecResult result = lab.exec(host, command);
    assertThat(result.getExitCode()).as("%s on %s: %s %s", String.join(" ", command), host, result.getStdout(),
        result.getStderr()).isZero();
  }

  private long orchestratorPid(String host) {
    return Long.parseLong(lab.exec(host, "cat", "/var/lib/unum/orchestrator.pid").getStdout().strip());
  }

  private static Path log(String host) {
    return LabLayout.DIR.resolve("hosts").resolve(host).resolve("log").resolve("orchestrator.log");
  }

  private static long size(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      return in.length();
    }
  }

  /** What the file says after {@code offset}. */
  private static String since(Path file, long offset) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      byte[] tail = new byte[(int) Math.max(0, in.length() - offset)];
      in.seek(offset);
      in.readFully(tail);
      return new String(tail, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
