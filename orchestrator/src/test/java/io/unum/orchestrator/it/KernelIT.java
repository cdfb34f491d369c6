package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Unum kernel patches in real TCG guests (ssi-kernel-patches/patches): node-ranged PIDs,
 * /proc/unum, and kill(2) of another node's PID routed to the signal helper. Bad parameters
 * are booted without Unum in {@link KernelParametersIT}.
 */
@ExtendWith(BootedCluster.Extension.class)
@Order(1)
class KernelIT {
  private static final int RANGE = 65536;

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
    // A scan between setsid's fork and its exec lists the pid as "setsid sleep 300": the next one
    // says "sleep 300", so the wait is for that.
    JsonNode sleep = Await.value("pid " + pid + " in 'unum ps' as sleep 300", Duration.ofSeconds(10), () -> ps().stream()
        .filter(p -> p.path("pid").asLong() == pid && p.path("cmd").asText().equals("sleep 300")).findFirst());
    System.out.printf("[kernel] a new process on node 2 visible in 'unum ps' after %.2f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(sleep.path("node").asInt()).isEqualTo(2);
    assertThat(sleep.path("user").asText()).isEqualTo("root");
    assertThat(ps()).as("every running node reports").extracting(p -> p.path("node").asInt()).contains(1, 2, 3);
    Launcher.Result uptime = Launcher.unum("uptime");
    assertThat(uptime.stdout()).as("%s", uptime).containsPattern(" up .*, [3-9] nodes, \\d+ processes, load average: ");

    assertThat(run(2, "kill " + pid).exitCode()).isZero();
    Await.until("pid " + pid + " gone from 'unum ps'", Duration.ofSeconds(10),
        () -> ps().stream().noneMatch(p -> p.path("pid").asLong() == pid));
  }

  private static List<JsonNode> ps() {
    Launcher.Result ps = Launcher.unum("ps", "-o", "json");
    assertThat(ps.exitCode()).as("%s", ps).isZero();
    List<JsonNode> processes = new ArrayList<>();
    try {
      new ObjectMapper().readTree(ps.stdout()).forEach(processes::add);
    } catch (JsonProcessingException e) {
      throw new AssertionError("unum ps -o json printed no JSON: " + ps, e);
    }
    return processes;
  }
}
