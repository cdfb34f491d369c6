package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One process space on the real host lab (3 nodes on 3 hosts): a process is seen from every node
 * and host, a plain kill(1) on one node ends a process on another, with the permission check of
 * one machine, and the process table stays exact through bursts and a node's death.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(7)
class ProcessLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The lab's PID space (4096 PIDs per node), as the cluster reports it. */
  private static final long PID_RANGE = LabLayout.PIDS.range();
  /** A remote kill answered EAGAIN is tried again, up to this many times in all. */
  private static final int KILL_TRIES = 5;
  private static final String[] AS_USER_1000 = {"setpriv", "--reuid=1000", "--regid=1000", "--clear-groups"};

  private final HostLab lab;

  ProcessLabIT(HostLab lab) {
    this.lab = lab;
  }

  private Api.Run run(int node, String... argv) {
    return lab.api(1 + node % lab.hosts()).run(node, argv);
  }

  private static String[] asUser(String... argv) {
    List<String> all = new ArrayList<>(List.of(AS_USER_1000));
    all.addAll(List.of(argv));
    return all.toArray(String[]::new);
  }

  /** Starts {@code command} detached on the node; returns its cluster PID and when it started. */
  private long[] detached(int node, String command) {
    Api.Run run = run(node, "sh", "-c", "setsid " + command + " </dev/null >/dev/null 2>&1 & echo $!");
    assertThat(run.exit()).as("start on node %d: %s", node, run).isZero();
    return new long[] {Long.parseLong(run.stdout().strip()), run.startedNanos()};
  }

  private Set<Long> table(int host, int node) {
    Set<Long> pids = new HashSet<>();
    lab.api(host).get("/api/v1/processes?node=" + node).body().forEach(p -> pids.add(p.path("pid").asLong()));
    return pids;
  }

  private boolean alive(int node, long pid) {
    return run(node, "test", "-d", "/proc/" + pid).exit() == 0;
  }

  @Test
  @Order(1)
  void aProcessOfOneNodeIsSeenEverywhereAndAPlainKillOnAnotherNodeEndsIt() throws Exception {
    long[] started = detached(2, "sleep 600");
    long pid = started[0];
    assertThat(pid / PID_RANGE).as("a cluster PID of node 2's range").isEqualTo(2);
    List<String> delays = new ArrayList<>();
    for (int host = 1; host <= lab.hosts(); host++) {
      int h = host;
      Await.until("process " + pid + " in host " + host + "'s table", Duration.ofSeconds(10),
          () -> table(h, 2).contains(pid));
      delays.add(String.format("host %d %.0f ms", host, (System.nanoTime() - started[1]) / 1e6));
    }
    System.out.println("[ps] node 2's new process in each host's table after (upper bound): " + delays);
    for (int node : new int[] {1, 3}) {
      Api.Run ps = run(node, "unum", "ps", "-o", "json");
      assertThat(ps.exit()).as("unum ps in node %d: %s", node, ps).isZero();
      JsonNode processes = JSON.readTree(ps.stdout());
      assertThat(processes.findValues("pid")).as("node %d's unum ps", node).anyMatch(p -> p.asLong() == pid);
      Api.Run table = run(node, "unum", "ps", "--node", "2");
      assertThat(table.stdout()).as("the table form").contains(Long.toString(pid)).contains("sleep 600");
    }

    Api.Run kill = run(1, "kill", Long.toString(pid));
    assertThat(kill.exit()).as("plain kill on node 1 of node 2's %d: %s", pid, kill).isZero();
    Await.until("process " + pid + " gone from node 2", Duration.ofSeconds(10), () -> !alive(2, pid));
    Await.until("process " + pid + " gone from the table", Duration.ofSeconds(10), () -> !table(3, 2).contains(pid));
    Api.Run again = run(1, "kill", "-0", Long.toString(pid));
    assertThat(again.exit()).as("kill -0 of a process that ended").isNotZero();
    assertThat(again.stderr() + again.stdout()).containsIgnoringCase("no such process");

    long[] other = detached(3, "sleep 600");
    Api.Run unumKill = run(1, "unum", "kill", "-KILL", Long.toString(other[0]));
    assertThat(unumKill.exit()).as("unum kill in node 1: %s", unumKill).isZero();
    Await.until("process " + other[0] + " gone from node 3", Duration.ofSeconds(10), () -> !alive(3, other[0]));
  }

  @Test
  @Order(2)
  void aUserWithoutTheRightCannotKillAnotherUsersRemoteProcessButMayKillItsOwn() throws Exception {
    long roots = detached(2, "sleep 600")[0];
    long users = detached(3, String.join(" ", AS_USER_1000) + " sleep 600")[0];
    try {
      Api.Run refused = run(1, asUser("kill", Long.toString(roots)));
      assertThat(refused.exit()).as("uid 1000 killing root's %d: %s", roots, refused).isNotZero();
      assertThat(refused.stderr() + refused.stdout()).containsIgnoringCase("operation not permitted");
      Api.Run refusedToo = run(1, asUser("unum", "kill", Long.toString(roots)));
      assertThat(refusedToo.exit()).isEqualTo(1);
      assertThat(refusedToo.stderr()).contains("operation not permitted");
      assertThat(alive(2, roots)).as("root's process lives on").isTrue();

      Api.Run own = run(1, asUser("kill", Long.toString(users)));
      assertThat(own.exit()).as("uid 1000 killing its own %d on node 3: %s", users, own).isZero();
      Await.until("the user's process gone", Duration.ofSeconds(10), () -> !alive(3, users));
    } finally {
      assertThat(run(1, "kill", "-9", Long.toString(roots)).exit()).as("root may").isZero();
    }
  }

  @Test
  @Order(3)
  void aBurstOf200ProcessesLeavesTheTableExact() throws Exception {
    Api.Run burst = run(2, "sh", "-c", "for i in $(seq 200); do sleep 0.$((i % 9 + 1)) & done; wait");
    assertThat(burst.exit()).as(burst.toString()).isZero();
    long settled = System.nanoTime();
    Set<Long>[] last = new Set[2];
    Await.until("node 2's table to match its /proc", Duration.ofSeconds(15), () -> {
      Api.Run ps = run(2, "sh", "-c", "echo $$; ps -e -o pid=,ppid=");
      List<String> lines = ps.stdout().lines().map(String::strip).toList();
      long self = Long.parseLong(lines.get(0));
      Set<Long> actual = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split("\\s+");
        long pid = Long.parseLong(f[0]);
        // Kernel threads are not listed by default; the reporting shell and ps are newer than the table.
        if (pid != 2 && !f[1].equals("2") && pid < self) {
          actual.add(pid);
        }
      }
      Set<Long> table = table(3, 2);
      table.removeIf(pid -> pid >= self);
      last[0] = actual;
      last[1] = table;
      return actual.equals(table);
    });
    System.out.printf("[ps] after a burst of 200 processes, the table matched /proc %.1f s after it ended (%d processes)%n",
        (System.nanoTime() - settled) / 1e9, last[1].size());
  }

  @Test
  @Order(4)
  void theProcessesOfADestroyedNodeLeaveTheTable() throws Exception {
    long pid = detached(3, "sleep 600")[0];
    Await.until("process " + pid + " in the table", Duration.ofSeconds(10), () -> table(1, 3).contains(pid));
    String host = lab.api(1).node(3).path("host").asText();
    assertThat(lab.virsh(host, "destroy", "unum-node3").getExitCode()).isZero();
    for (int h = 1; h <= lab.hosts(); h++) {
      int seen = h;
      Await.until("node 3's processes gone from host " + h + "'s table", Duration.ofSeconds(30),
          () -> table(seen, 3).isEmpty());
    }
    Api.Response start = lab.api(1).post("/api/v1/nodes/3/start", null);
    assertThat(start.status()).as(String.valueOf(start.body())).isEqualTo(202);
    Await.until("node 3 running again", Duration.ofSeconds(240),
        () -> lab.api(1).node(3).path("state").asText().equals("running"));
    Await.until("node 3's new table", Duration.ofSeconds(30), () -> !table(2, 3).isEmpty());
    assertThat(table(2, 3)).as("the old process is not back").doesNotContain(pid);
  }

  /**
   * The lab's cluster chose 4096 PIDs per node, so it may have 1023 nodes: node 1000 boots, its
   * kernel allocates from its own range, and its processes are in the cluster's table as node
   * 1000's. A number beyond the range is refused naming it.
   */
  @Test
  @Order(5)
  void aNodeNumberedInTheThousandsBootsWithItsOwnPidRange() throws Exception {
    JsonNode cluster = lab.api(1).get("/api/v1/cluster").body();
    assertThat(cluster.path("pidRange").asInt()).isEqualTo(4096);
    assertThat(cluster.path("maxNodes").asInt()).isEqualTo(1023);
    Api.Response tooHigh = lab.api(2).post("/api/v1/nodes", "{\"node\": 1024, \"start\": false}");
    assertThat(tooHigh.status()).as(String.valueOf(tooHigh.body())).isEqualTo(422);
    assertThat(tooHigh.body().path("detail").asText()).contains("1..1023").contains("4096");

    Api.Response created = lab.api(2).post("/api/v1/nodes", "{\"node\": 1000, \"start\": true}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    try {
      long t0 = System.nanoTime();
      Await.until("node 1000 running", Duration.ofSeconds(240),
          () -> lab.api(1).node(1000).path("state").asText().equals("running"));
      System.out.printf("[ps] node 1000 running %.1f s after it was created, at %s (%s)%n",
          (System.nanoTime() - t0) / 1e9, lab.api(1).node(1000).path("ip").asText(),
          lab.api(1).node(1000).path("mac").asText());
      Api.Run proc = lab.api(3).run(1000, "sh", "-c", "cat /proc/unum/node /proc/unum/pid_range /proc/unum/local_pids;"
          + " setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!");
      assertThat(proc.exit()).as("%s", proc).isZero();
      List<String> lines = proc.stdout().lines().toList();
      assertThat(lines.subList(0, 3)).containsExactly("1000", "4096", 1000 * 4096 + " " + (1001 * 4096 - 1));
      long pid = Long.parseLong(lines.get(3));
      assertThat(pid / PID_RANGE).as("a new process's PID names its node").isEqualTo(1000);
      Await.until("process " + pid + " in the cluster's table as node 1000's", Duration.ofSeconds(30),
          () -> table(1, 1000).contains(pid));
      // kill(1) on node 2 reaches it by its PID alone. kill(2) answers EAGAIN when the target's
      // host is not heard within 2 s, as a node just booted on a busy lab can be (2.6 s seen):
      // tried again then, as a program would, and counted.
      Api.Run kill;
      int tries = 0;
      do {
        kill = run(2, "kill", String.valueOf(pid));
        tries++;
      } while (kill.exit() != 0 && kill.stderr().contains("temporarily unavailable") && tries < KILL_TRIES);
      System.out.printf("[ps] node 2 killed node 1000's process %d at try %d%n", pid, tries);
      assertThat(kill.exit()).as("kill %d on node 2, try %d: %s", pid, tries, kill).isZero();
      Await.until("process " + pid + " gone", Duration.ofSeconds(30), () -> !table(1, 1000).contains(pid));
    } finally {
      lab.api(1).post("/api/v1/nodes/1000/stop", null);
      Await.until("node 1000 stopped", Duration.ofSeconds(120), () -> List.of("stopped", "failed").contains(
          lab.api(1).node(1000).path("state").asText()));
      lab.api(1).delete("/api/v1/nodes/1000");
    }
  }
}
