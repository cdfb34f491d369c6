package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Unum kernel patches in real TCG guests (ssi-kernel-patches/patches): node-ranged PIDs,
 * /proc/unum, and kill(2) of another node's PID routed to the signal helper. Bad parameters
 * are booted too: the kernel must say so on the console and fall back to stock allocation.
 */
@ExtendWith(BootedCluster.Extension.class)
@Order(1)
class KernelIT {
  private static final int RANGE = 65536;
  /** node -> its extra kernel arguments, for the bad-parameter boots (removed at the end). */
  private static final Map<Integer, String> ODD_BOOTS = Map.of(
      11, "unum.pid_range=abc",
      12, "unum.pid_range=1048576",
      13, "unum.pid_range=4096");

  KernelIT(BootedCluster cluster) {
    // Nodes 1..3 run with the default command line (unum.node=N).
  }

  private static Launcher.Result run(int node, String script) {
    return Launcher.unum("run", "--node", String.valueOf(node), "--", "sh", "-c", script);
  }

  @Test
  void aNodeAllocatesItsPidsFromItsOwnRangeAndSaysSoInProc() {
    Launcher.Result proc = run(2, "cat /proc/unum/node /proc/unum/pid_range /proc/unum/local_pids;"
        + " echo $$; cat /proc/1/comm");
    assertThat(proc.exitCode()).as("%s", proc).isZero();
    List<String> lines = proc.stdout().lines().toList();
    assertThat(lines.subList(0, 3)).containsExactly("2", String.valueOf(RANGE), 2 * RANGE + " " + (3 * RANGE - 1));
    assertThat(Long.parseLong(lines.get(3))).as("a new shell's PID").isBetween(2L * RANGE, 3L * RANGE - 1);
    assertThat(lines.get(4)).as("PID 1 keeps its number").isEqualTo("unum-init");
    Launcher.Result other = run(3, "echo $$");
    assertThat(Long.parseLong(other.stdout().strip())).isBetween(3L * RANGE, 4L * RANGE - 1);
  }

  @Test
  void killOfAnotherNodesPidAsksTheHelperAndReturnsItsVerdict() {
    long remote = 3L * RANGE + 3; // in node 3's range, asked on node 2
    String helper = "printf '#!/bin/sh\\necho \"$@\" >> /tmp/helper.log\\nexit $(cat /tmp/verdict)\\n' > /tmp/helper;"
        + " chmod +x /tmp/helper; : > /tmp/helper.log; echo /tmp/helper > /proc/sys/kernel/unum_signal_helper;";
    Launcher.Result verdicts = run(2, helper
        + " echo 0 > /tmp/verdict; kill -TERM " + remote + " && echo ok;"
        + " echo 1 > /tmp/verdict; kill -TERM " + remote + " 2>&1;"
        + " echo 2 > /tmp/verdict; kill -0 " + remote + " 2>&1;"
        + " cat /tmp/helper.log");
    assertThat(verdicts.exitCode()).as("%s", verdicts).isZero();
    assertThat(verdicts.stdout()).contains("ok").containsIgnoringCase("no such process")
        .containsIgnoringCase("not permitted")
        .contains(remote + " 15 0 0 1").contains(remote + " 0 0 0 1");

    Launcher.Result slow = run(2, "printf '#!/bin/sh\\nsleep 10\\n' > /tmp/helper;"
        + " start=$(date +%s%N); kill -TERM " + remote + " 2>&1; end=$(date +%s%N);"
        + " echo took $(( (end - start) / 1000000 ))");
    assertThat(slow.stdout()).as("%s", slow).containsIgnoringCase("temporarily unavailable");
    long took = Long.parseLong(slow.stdout().replaceAll("(?s).*took (\\d+).*", "$1"));
    assertThat(took).as("bounded wait (ms)").isBetween(1500L, 6000L);

    Launcher.Result invalid = run(2, "perl -e 'kill(65, " + remote + ") or print \"$!\\n\"'");
    assertThat(invalid.stdout()).as("%s", invalid).containsIgnoringCase("invalid argument");

    Launcher.Result off = run(2, "echo > /proc/sys/kernel/unum_signal_helper; kill -TERM " + remote + " 2>&1; true");
    assertThat(off.stdout()).as("helper off").containsIgnoringCase("no such process");
  }

  @Test
  void aProcessStartedOnANodeIsInTheClusterProcessTableWithinSecondsAndLeavesItWhenItEnds() throws Exception {
    Launcher.Result started = run(2, "setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $!");
    long pid = Long.parseLong(started.stdout().strip());
    assertThat(pid).as("a cluster-wide PID of node 2").isBetween(2L * RANGE, 3L * RANGE - 1);
    long t0 = System.nanoTime();
    while (ps().stream().noneMatch(p -> p.path("pid").asLong() == pid)) {
      assertThat(System.nanoTime() - t0).as("visible within 10 s").isLessThan(10_000_000_000L);
      Thread.sleep(100);
    }
    System.out.printf("[kernel] a new process on node 2 visible in 'unum ps' after %.2f s%n", (System.nanoTime() - t0) / 1e9);
    JsonNode sleep = ps().stream().filter(p -> p.path("pid").asLong() == pid).findFirst().orElseThrow();
    assertThat(sleep.path("node").asInt()).isEqualTo(2);
    assertThat(sleep.path("cmd").asText()).isEqualTo("sleep 300");
    assertThat(sleep.path("user").asText()).isEqualTo("root");
    assertThat(ps()).as("every running node reports").extracting(p -> p.path("node").asInt()).contains(1, 2, 3);
    Launcher.Result uptime = Launcher.unum("uptime");
    assertThat(uptime.stdout()).as("%s", uptime).containsPattern(" up .*, [3-9] nodes, \\d+ processes, load average: ");

    assertThat(run(2, "kill " + pid).exitCode()).isZero();
    long t1 = System.nanoTime();
    while (ps().stream().anyMatch(p -> p.path("pid").asLong() == pid)) {
      assertThat(System.nanoTime() - t1).as("gone within 10 s").isLessThan(10_000_000_000L);
      Thread.sleep(100);
    }
  }

  private static List<JsonNode> ps() throws Exception {
    Launcher.Result ps = Launcher.unum("ps", "-o", "json");
    assertThat(ps.exitCode()).as("%s", ps).isZero();
    List<JsonNode> processes = new java.util.ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(ps.stdout()).forEach(processes::add);
    return processes;
  }

  @Test
  void badParametersAreReportedAndTheKernelFallsBackToStockPids() throws Exception {
    for (Map.Entry<Integer, String> boot : ODD_BOOTS.entrySet()) {
      Api.Response created = Api.LOCAL.post("/api/v1/nodes", "{\"node\": " + boot.getKey()
          + ", \"kernelArgs\": \"" + boot.getValue() + "\"}");
      assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
    for (int node : ODD_BOOTS.keySet()) {
      while (!"running".equals(Api.LOCAL.node(node).path("state").asText())) {
        JsonNode now = Api.LOCAL.node(node);
        assertThat(now.path("state").asText()).as("node %d: %s", node, now).isNotEqualTo("failed");
        assertThat(System.nanoTime()).as("node %d running in time", node).isLessThan(deadline);
        Thread.sleep(500);
      }
    }
    assertThat(run(11, "cat /proc/unum/node; echo $$").stdout().lines().toList()).satisfies(lines -> {
      assertThat(lines.get(0)).isEqualTo("0");
      assertThat(Long.parseLong(lines.get(1))).as("stock PIDs").isLessThan(RANGE);
    });
    assertThat(console(11)).contains("unum: unum.pid_range=abc is not a number >= 1024; PIDs are allocated as usual");
    assertThat(run(12, "cat /proc/unum/node").stdout().strip()).isEqualTo("0");
    assertThat(console(12)).contains("unum: unum.node=12 with unum.pid_range=1048576 needs PIDs up to")
        .contains("beyond the limit");
    Launcher.Result small = run(13, "cat /proc/unum/local_pids; echo $$");
    List<String> lines = small.stdout().lines().toList();
    assertThat(lines.get(0)).isEqualTo(13 * 4096 + " " + (14 * 4096 - 1));
    assertThat(Long.parseLong(lines.get(1))).isBetween(13L * 4096, 14L * 4096 - 1);
  }

  private static String console(int node) {
    Launcher.Result console = Launcher.unum("console", String.valueOf(node), "--lines", "2000");
    return console.stdout();
  }

  @AfterAll
  static void removeTheOddNodes() {
    for (int node : ODD_BOOTS.keySet()) {
      Api.LOCAL.delete("/api/v1/nodes/" + node);
    }
  }
}
