package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fourth host joins the running lab, and is then cut off and healed. The run's last class:
 * every class before it runs on three hosts, without a fourth host's orchestrator, mesh tunnel
 * and node competing for the CPU.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(16)
class HostAddedLabIT {
  private final HostLab lab;

  HostAddedLabIT(HostLab lab) {
    this.lab = lab;
  }

  private boolean allRunning(int via, int nodes) {
    JsonNode list = lab.api(via).get("/api/v1/nodes").body();
    int running = 0;
    for (JsonNode node : list) {
      running += "running".equals(node.path("state").asText()) ? 1 : 0;
    }
    return running == nodes;
  }

  @Test
  @Order(1)
  void aHostAddedAtRunTimeJoinsTheMeshAndItsNodeReachesTheOthers() throws Exception {
    lab.grow(4);
    String added = HostLab.name(4);
    Await.until("host 4 up everywhere", Duration.ofSeconds(60),
        () -> lab.hostStates(1).getOrDefault(added, "").startsWith("up"));
    Api.Response created = lab.api(2).post("/api/v1/nodes", "{\"node\": 4, \"host\": \"" + added + "\"}");
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    Await.until("node 4 running", Duration.ofSeconds(120), () -> allRunning(1, 4), lab::describe);
    assertThat(lab.placement(3).get(4)).isEqualTo(added);
    Launcher.Result ping = lab.unum(3, "run", "--node", "4", "ping", "-c", "3", "-W", "2", "10.213.0.1");
    assertThat(ping.exitCode()).as("%s", ping).isZero();
    // Host 1's tunnel list now names host 4.
    String fdb = lab.exec(HostLab.name(1), "bridge", "fdb", "show", "dev", "unumvx0").getStdout();
    assertThat(fdb).contains("dst 172.31.213.14");
  }

  @Test
  @Order(2)
  void aPartitionedHostIsMarkedDownAndComesBackWhenHealed() throws Exception {
    String cut = HostLab.name(4);
    assertThat(Launcher.unum("lab", "partition", cut).exitCode()).isZero();
    try {
      Await.until(cut + " down for the majority", Duration.ofSeconds(60),
          () -> lab.hostStates(1).get(cut).startsWith("down"));
      JsonNode minority = lab.api(4).get("/api/v1/cluster").body();
      assertThat(minority.path("leader").isNull()).as("no leader without a majority: %s", minority).isTrue();
    } finally {
      assertThat(Launcher.unum("lab", "heal").exitCode()).isZero();
    }
    long healed = System.nanoTime();
    Await.until(cut + " back up", Duration.ofSeconds(90), () -> lab.hostStates(1).get(cut).startsWith("up"));
    System.out.printf("[lab] partition healed: %s up again after %.1f s%n", cut, (System.nanoTime() - healed) / 1e9);
    Await.until("all nodes running", Duration.ofSeconds(60), () -> allRunning(1, 4), lab::describe);
    assertThat(lab.domainsEverywhere()).allSatisfy((domain, hosts) -> assertThat(hosts).hasSize(1));
  }
}
