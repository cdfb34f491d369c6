package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster services on the real host lab (3 nodes on 3 hosts): they follow the run level
 * (3 -> 1 -> 3 leaves the same ones running), the "any" services of a node that dies restart
 * on another node exactly once, a crash-looping service stops at its limit, and bad declarations
 * are refused by name.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(9)
class ServiceLabIT {
  /** Each service's program sleeps a number of its own, so the cluster's ps tells them apart. */
  private static final Map<String, String> SERVICES = Map.of(
      "store", "{\"name\": \"store\", \"command\": [\"sh\", \"-c\", \"echo store up on node $UNUM_NODE; exec sleep 700001\"],"
          + " \"runLevels\": [3], \"placement\": \"any\"}",
      "front", "{\"name\": \"front\", \"command\": [\"sleep\", \"700002\"], \"runLevels\": [3],"
          + " \"dependsOn\": [\"store\"], \"restart\": {\"policy\": \"always\"}}",
      "everywhere", "{\"name\": \"everywhere\", \"command\": [\"sleep\", \"700003\"], \"runLevels\": [1, 3],"
          + " \"placement\": \"every\"}",
      "rootd", "{\"name\": \"rootd\", \"command\": [\"sleep\", \"700004\"], \"runLevels\": [1, 3],"
          + " \"placement\": \"node\", \"node\": 1, \"user\": \"nobody\"}");

  private final HostLab lab;

  ServiceLabIT(HostLab lab) {
    this.lab = lab;
  }

  @AfterAll
  void deleteServices() {
    // The lab is shared with later tests: leave no service behind (dependents first).
    for (String name : List.of("front", "store", "everywhere", "rootd", "crash", "ghost")) {
      lab.api(1).delete("/api/v1/services/" + name);
    }
  }

  private JsonNode service(int via, String name) {
    Api.Response response = lab.api(via).get("/api/v1/services/" + name);
    assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
    return response.body();
  }

  /** Service name -> nodes its running instances are on, for every service in state running. */
  private Map<String, List<Integer>> running(int via) {
    Map<String, List<Integer>> running = new TreeMap<>();
    for (JsonNode service : lab.api(via).get("/api/v1/services").body()) {
      List<Integer> nodes = new ArrayList<>();
      service.path("instances").forEach(i -> {
        if (i.path("state").asText().equals("running")) {
          nodes.add(i.path("node").asInt());
        }
      });
      if (service.path("state").asText().equals("running")) {
        running.put(service.path("name").asText(), nodes);
      }
    }
    return running;
  }

  /** How many processes of the cluster run {@code marker} (a sleep number of one service). */
  private int processesRunning(int via, String marker) {
    int count = 0;
    for (JsonNode process : lab.api(via).get("/api/v1/processes").body()) {
      if (process.path("cmd").asText().contains(marker) && !process.path("cmd").asText().startsWith("sh ")) {
        count++;
      }
    }
    return count;
  }

  private void awaitRunning(String what, int seconds, List<String> names) {
    Await.until(what, Duration.ofSeconds(seconds), () -> running(2).keySet().containsAll(names));
  }

  @Test
  @Order(1)
  void servicesFollowTheRunLevelAndThreeToOneToThreeLeavesTheSameRunning() throws Exception {
    for (String name : List.of("store", "front", "everywhere", "rootd")) {
      Api.Response created = lab.api(1).post("/api/v1/services", SERVICES.get(name));
      assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    }
    long t0 = System.nanoTime();
    awaitRunning("the four services at run level 3", 60, List.of("store", "front", "everywhere", "rootd"));
    System.out.printf("[services] 4 services running %.1f s after they were declared%n", (System.nanoTime() - t0) / 1e9);
    Map<String, List<Integer>> before = running(2);
    List<Integer> up = lab.api(2).get("/api/v1/nodes?state=running").body().findValues("node").stream()
        .map(JsonNode::asInt).toList();
    assertThat(before.get("everywhere")).containsExactlyInAnyOrderElementsOf(up);
    assertThat(before.get("rootd")).containsExactly(1);
    assertThat(before.get("store")).hasSize(1);
    assertThat(before.get("front")).hasSize(1);
    Await.until("the services' processes in the cluster's table", Duration.ofSeconds(10),
        () -> processesRunning(3, "700003") == up.size() && processesRunning(3, "700001") == 1);
    Await.until("rootd in node 1's processes, as its user", Duration.ofSeconds(10), () -> {
      for (JsonNode process : lab.api(1).get("/api/v1/processes?node=1").body()) {
        if (process.path("cmd").asText().endsWith("sleep 700004")) { // the agent runs the program by its path
          return process.path("user").asText().equals("nobody");
        }
      }
      return false;
    });
    Launcher.Result logs = lab.unum(3, "logs", "store");
    assertThat(logs.stdout()).as(logs.toString()).contains("store up on node " + before.get("store").get(0));
    Launcher.Result list = lab.unum(2, "services");
    assertThat(list.stdout()).contains("front", "everywhere", "rootd", "running");

    Launcher.Result single = lab.unum(1, "init", "1", "--wait");
    assertThat(single.exitCode()).as(single.toString()).isZero();
    Await.until("only the single-user services left", Duration.ofSeconds(60), () -> running(1).keySet().equals(java.util.Set.of(
        "everywhere", "rootd")) && service(1, "store").path("instances").isEmpty());
    assertThat(running(1).get("everywhere")).containsExactly(1);
    // Landed CI once saw it still "waiting" for store here (the level-3 assignment): awaited, and shown if it stays.
    Await.until("front inactive, as host 2 sees it", Duration.ofSeconds(10),
        () -> service(2, "front").path("state").asText().equals("inactive"), () -> service(2, "front").toString());
    Await.until("store's process gone", Duration.ofSeconds(10), () -> processesRunning(1, "700001") == 0);
    // Run level 1 is the root node alone: every other node stops.
    Await.until("only the root node running", Duration.ofSeconds(60), () -> {
      List<Integer> runningNodes = new java.util.ArrayList<>();
      lab.api(1).get("/api/v1/nodes?state=running").body().forEach(n -> runningNodes.add(n.path("node").asInt()));
      return runningNodes.equals(List.of(1));
    });

    t0 = System.nanoTime();
    Launcher.Result back = lab.unum(1, "init", "3", "--wait");
    assertThat(back.exitCode()).as(back.toString()).isZero();
    awaitRunning("the services of run level 3 again", 60, List.of("store", "front", "everywhere", "rootd"));
    System.out.printf("[services] 1 -> 3 with its services running: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Await.until("every instance back", Duration.ofSeconds(60),
        () -> running(2).getOrDefault("everywhere", List.of()).size() == up.size());
    Map<String, List<Integer>> after = running(2);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((name, nodes) -> assertThat(nodes).as(name).hasSameSizeAs(before.get(name)));
    Await.until("front's one process", Duration.ofSeconds(10), () -> processesRunning(3, "700002") == 1);
  }

  @Test
  @Order(2)
  void theAnyServicesOfADeadNodeRestartElsewhereExactlyOnce() throws Exception {
    // "any" services stay where they were placed; where that was depends on which nodes were up when
    // run level 3 was planned, so kill whichever node store is on.
    awaitRunning("store and front", 60, List.of("store", "front"));
    int victim = running(1).get("store").get(0);
    String host = lab.api(1).node(victim).path("host").asText();

    long destroyed = System.nanoTime();
    assertThat(lab.exec(host, "virsh", "-c", "qemu:///system", "destroy", "unum-node" + victim).getExitCode()).isZero();
    Await.until("store running on another node", Duration.ofSeconds(60), () -> {
      List<Integer> on = running(2).get("store");
      return on != null && !on.isEmpty() && on.get(0) != victim;
    });
    double failover = (System.nanoTime() - destroyed) / 1e9;
    awaitRunning("front after store", 60, List.of("front"));
    System.out.printf("[services] 'any' service moved from node %d to node %d %.1f s after its node was destroyed;"
        + " its dependent %.1f s%n", victim, running(2).get("store").get(0), failover,
        (System.nanoTime() - destroyed) / 1e9);
    if (victim == 1) {
      JsonNode cluster = lab.api(2).get("/api/v1/cluster").body();
      assertThat(cluster.path("initNode").asInt()).as("the init role moved too").isGreaterThan(1);
    }
    // The process table follows the agents' reports within a second.
    Await.until("one store and one front in the cluster's processes", Duration.ofSeconds(10),
        () -> processesRunning(2, "700001") == 1 && processesRunning(2, "700002") == 1);

    Api.Response start = lab.api(1).post("/api/v1/nodes/" + victim + "/start", null);
    assertThat(start.status()).isEqualTo(202);
    Await.until("node " + victim + " and its services back", Duration.ofSeconds(240),
        () -> running(2).getOrDefault("everywhere", List.of()).contains(victim));
    Await.holds("store running once, not back on node " + victim, Duration.ofSeconds(2),
        () -> processesRunning(2, "700001") == 1 && !running(2).getOrDefault("store", List.of()).contains(victim));
  }

  @Test
  @Order(3)
  void aCrashLoopingServiceStopsAtItsLimitWithItsLastOutput() throws Exception {
    Api.Response created = lab.api(2).post("/api/v1/services", "{\"name\": \"crash\", \"command\": [\"sh\", \"-c\","
        + " \"echo boom $UNUM_NODE >&2; exit 3\"], \"placement\": \"node\", \"node\": 2, \"runLevels\": [3],"
        + " \"restart\": {\"policy\": \"on-failure\", \"limit\": 2, \"backoffMillis\": 100}}");
    assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
    Await.until("crash failed", Duration.ofSeconds(60),
        () -> service(1, "crash").path("state").asText().equals("failed"));
    JsonNode instance = service(1, "crash").path("instances").get(0);
    assertThat(instance.path("restarts").asInt()).isEqualTo(2);
    assertThat(instance.path("exitCode").asInt()).isEqualTo(3);
    assertThat(instance.path("lastOutput").toString()).contains("boom 2");
    assertThat(service(1, "crash").path("message").asText()).contains("node 2", "limit");
    Launcher.Result logs = lab.unum(1, "logs", "crash");
    assertThat(logs.stdout().lines().filter(l -> l.contains("boom 2")).count()).as(logs.toString()).isEqualTo(3);
    Launcher.Result list = lab.unum(3, "services");
    assertThat(list.stdout()).containsPattern("crash +failed");

    Launcher.Result restart = lab.unum(3, "service", "restart", "crash");
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    Await.until("crash failed again after a restart", Duration.ofSeconds(60), () -> {
      JsonNode again = service(1, "crash");
      return again.path("state").asText().equals("failed")
          && again.path("spec").path("revision").asLong() == again.path("instances").get(0).path("revision").asLong();
    });
  }

  @Test
  @Order(4)
  void badDeclarationsAreRefusedNamingTheField() throws Exception {
    Api.Response seven = lab.api(1).post("/api/v1/services", "{\"name\": \"x\", \"command\": [\"true\"], \"runLevels\": [7]}");
    assertThat(seven.status()).isEqualTo(400);
    assertThat(seven.body().path("errors").get(0).path("name").asText()).startsWith("runLevels");
    Api.Response four = lab.api(1).post("/api/v1/services", "{\"name\": \"x\", \"command\": [\"true\"], \"runLevels\": [4]}");
    assertThat(four.status()).isEqualTo(422);
    assertThat(four.body().path("errors").get(0).path("name").asText()).isEqualTo("runLevels[0]");
    Api.Response cycle = lab.api(1).put("/api/v1/services/store", "{\"name\": \"store\", \"command\": [\"true\"],"
        + " \"runLevels\": [3], \"dependsOn\": [\"front\"]}");
    assertThat(cycle.status()).isEqualTo(422);
    assertThat(cycle.body().path("detail").asText()).contains("dependsOn", "cycle: store -> front -> store");
    Api.Response unknown = lab.api(1).post("/api/v1/services", "{\"name\": \"x\", \"command\": [\"true\"],"
        + " \"dependsOn\": [\"nosuch\"]}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().path("detail").asText()).contains("dependsOn[0]", "nosuch");
    Launcher.Result cli = lab.unum(1, "service", "create", "x", "--levels", "0", "--", "true");
    assertThat(cli.exitCode()).isNotZero();
    assertThat(cli.stderr()).contains("runLevels[0]", "halt");

    Api.Response ghost = lab.api(1).post("/api/v1/services", "{\"name\": \"ghost\", \"command\": [\"/no/such/program\"],"
        + " \"runLevels\": [3], \"placement\": \"node\", \"node\": 3}");
    assertThat(ghost.status()).isEqualTo(201);
    Await.until("ghost failed", Duration.ofSeconds(60),
        () -> service(2, "ghost").path("state").asText().equals("failed"));
    assertThat(service(2, "ghost").path("message").asText()).contains("command", "/no/such/program", "node 3");
    assertThat(service(2, "ghost").path("instances").get(0).path("restarts").asInt()).as("no restarts").isZero();
  }
}
