package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Unum's trust boundaries tried as an attacker would, on the lab: each attempt must be refused
 * with nothing changed.
 */
@UnumLab
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustLabIT {
  private static final String[] AS_NOBODY = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};

  private final HostLab lab;

  TrustLabIT(HostLab lab) {
    this.lab = lab;
  }

  @Test
  @Order(1)
  void aNodeUserCannotHaveTheHostReadAFileThroughAnAtArgument() {
    String shadow = lab.exec(HostLab.name(1), "head", "-n", "1", "/etc/shadow").getStdout().strip();
    assertThat(shadow).as("the host's /etc/shadow starts with its first account").isNotEmpty();
    for (String argument : new String[] {"@/etc/shadow", "@/dev/zero", "@/dev/urandom"}) {
      Api.Run run = lab.api(1).run(1, concat(AS_NOBODY, "unum", "ps", argument));
      assertThat(run.exit()).as("unum ps %s as nobody: %s", argument, run).isEqualTo(2);
      assertThat(run.stderr()).as("the argument is refused as written").contains("'" + argument + "'")
          .doesNotContain(shadow);
      assertThat(run.stdout()).isEmpty();
    }
    Api.Run ps = lab.api(1).run(1, concat(AS_NOBODY, "unum", "ps", "--node", "1"));
    assertThat(ps.exit()).as("the host still serves the node's commands: %s", ps).isZero();
  }

  @Test
  @Order(2)
  void aNodesKernelArgumentsCannotSetItsIdentity() {
    for (String args : new String[] {"unum.node=2", "quiet \\\"unum.pid_range=4096\\\"", "unum.ip=172.31.0.9/24"}) {
      Api.Response created = lab.api(1).post("/api/v1/nodes", "{\"node\": 60, \"start\": false, \"kernelArgs\": \""
          + args + "\"}");
      assertThat(created.status()).as("%s: %s", args, created.body()).isEqualTo(422);
      assertThat(created.body().path("detail").asText()).startsWith("kernelArgs may not set unum.");
      assertThat(lab.api(1).get("/api/v1/nodes/60").status()).as("no node was created").isEqualTo(404);
    }
  }

  @Test
  @Order(3)
  void aNodeUserHoldingManyCommandsCannotStopRootsRemoteKill() {
    Api.Run target = lab.api(1).run(3, "sh", "-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!");
    long pid = Long.parseLong(target.stdout().strip());
    try {
      // 32 commands that never end, from an unprivileged user of node 1: a few run, the rest are refused.
      Api.Run flood = lab.api(1).run(1, "sh", "-c", "for i in $(seq 32); do setpriv --reuid=1000 --regid=1000"
          + " --clear-groups unum run --node 2 -- sleep 600 >/tmp/flood.$i 2>&1 & done;"
          + " for t in $(seq 120); do n=$(grep -l 'already runs' /tmp/flood.* 2>/dev/null | wc -l);"
          + " [ \"$n\" -ge 28 ] && break; sleep 0.5; done; echo $n; cat /tmp/flood.* | sort | uniq -c | head -5");
      assertThat(flood.stdout().lines().findFirst().orElse("")).as("refused beyond the node's quota: %s", flood)
          .isEqualTo("28");
      assertThat(flood.stdout()).contains("node 1 already runs 4 unum commands");
      Api.Run kill = lab.api(1).run(1, "sh", "-c", "t0=$(date +%s%N); kill -0 " + pid
          + "; echo $? $(( ($(date +%s%N) - t0) / 1000000 ))");
      String[] answer = kill.stdout().strip().split(" ");
      assertThat(answer[0]).as("root's kill -0 of node 3's %d while node 1 is busy: %s", pid, kill).isEqualTo("0");
      System.out.println("[trust] root's remote kill answered in " + answer[1] + " ms with node 1's quota full");
    } finally {
      lab.api(1).run(1, "sh", "-c", "pkill -f 'unum run --node 2' ; rm -f /tmp/flood.*");
      lab.api(1).run(2, "pkill", "-u", "1000", "sleep");
      lab.api(1).run(3, "kill", String.valueOf(pid));
    }
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
