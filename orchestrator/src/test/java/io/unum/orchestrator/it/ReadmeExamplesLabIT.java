package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import io.unum.orchestrator.testing.ReadmeExamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's "Using it" examples, run as written against lab host 1, in the README's order:
 * what they name that the lab has under other names (the host "server-2", node 4, the PIDs of
 * the kill example) is mapped to the lab's, and nothing else changes. An example that stops
 * working fails here; one that no test runs fails {@code cli.ReadmeExamplesTest}.
 */
@UnumLab(hosts = 3, nodes = 3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(9)
class ReadmeExamplesLabIT {
  private static final int VIA = 1;
  private static final String PASSWORD = "readme-example-pw";

  private final HostLab lab;
  /** The README's node 4: the node its "node create" example made. */
  private int created;
  /** The README's host "server-2": a lab host the created node does not run on when it is first named. */
  private String server2;
  /** The README's PIDs of the kill example: two sleeps of the lab's nodes 2 and 3. */
  private final List<String> pids = new ArrayList<>();
  /** Where node 2 ran when the examples began. */
  private String node2WasOn;

  ReadmeExamplesLabIT(HostLab lab) {
    this.lab = lab;
  }

  @AfterAll
  void leaveTheLabAsItWas() {
    Api api = lab.api(VIA);
    for (String service : List.of("ticker", "beat")) {
      api.delete("/api/v1/services/" + service);
    }
    api.patch("/api/v1/nodes/1", "{\"labels\": {\"readme-example\": null}}");
    if (created > 0) {
      api.delete("/api/v1/nodes/" + created);
    }
    lab.unum(VIA, "balancer", "set", "--mode", "automatic");
    lab.unum(VIA, "token", "revoke", "ci");
    lab.unum(VIA, "user", "remove", "alice");
    if (server2 != null) {
      lab.unum(VIA, "host", "maintenance", server2, "off");
    }
  }

  @Test
  @Order(1)
  void everyExampleOfUsingItRunsAsTheReadmeSays() {
    List<String> examples = ReadmeExamples.under(ReadmeExamples.RUN_IN_ORDER);
    assertThat(examples).hasSizeGreaterThan(30);
    node2WasOn = lab.api(VIA).node(2).path("host").asText();
    for (String example : examples) {
      if (ReadmeExamples.runElsewhere(example).isPresent()) {
        System.out.printf("[readme] %s: run by %s%n", example, ReadmeExamples.runElsewhere(example).get());
        continue;
      }
      List<String> args = mapped(ReadmeExamples.words(example));
      Launcher.Result result = run(args);
      System.out.printf("[readme] unum %s: exit %d in %.1f s%n", String.join(" ", args), result.exitCode(),
          result.seconds());
      check(args, result);
      after(args);
    }
  }

  /** The examples of the lab's section that no other lab test runs. */
  @Test
  @Order(2)
  void theLabsStatusAndRestartRunAsTheReadmeSays() {
    Launcher.Result status = Launcher.unum("lab", "status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.stdout()).contains(HostLab.name(1), HostLab.name(2), HostLab.name(3));

    Launcher.Result restart = Launcher.unum("lab", "restart", HostLab.name(1));
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    lab.awaitWholeControlPlane();
    lab.awaitEveryHostUp(2);
    Await.until("nodes 1..3 running after host 1's orchestrator restarted", Duration.ofSeconds(120),
        () -> IntStream.rangeClosed(1, 3).allMatch(n -> lab.api(2).node(n).path("state").asText().equals("running")));
  }

  /** The example's words after {@code ./unum}, with the names the lab knows otherwise put in. */
  private List<String> mapped(List<String> words) {
    List<String> args = new ArrayList<>(words.subList(1, words.size()));
    boolean nodeVerb = args.get(0).equals("node") && args.size() > 2 && args.get(2).equals("4");
    if (nodeVerb) {
      args.set(2, String.valueOf(created));
    }
    if (args.contains("server-2")) {
      if (server2 == null) {
        String on = lab.api(VIA).node(created).path("host").asText();
        server2 = IntStream.rangeClosed(1, 3).mapToObj(HostLab::name).filter(h -> !h.equals(on)).findFirst()
            .orElseThrow();
      }
      args.replaceAll(word -> word.equals("server-2") ? server2 : word);
    }
    if (args.get(0).equals("kill")) {
      startSleepsToKill();
      args = new ArrayList<>(args.subList(0, 2));
      args.addAll(pids);
    }
    return args;
  }

  private Launcher.Result run(List<String> args) {
    List<String> command = new ArrayList<>(List.of(Launcher.HOME.resolve("unum").toString(),
        "--host", "127.0.0.1:" + LabLayout.apiPort(VIA)));
    command.addAll(args);
    Map<String, String> env = Map.of("UNUM_TOKEN_FILE", HostLab.adminToken(VIA).toString());
    if (args.equals(List.of("events"))) {
      try (Launcher.Following events = Launcher.follow(command, env)) {
        Await.until("unum events showing a change of node 1's labels made meanwhile", Duration.ofSeconds(60), () -> {
          toggleALabel();
          return events.stdout().contains("node.updated");
        });
        return events.stop();
      }
    }
    if (args.contains("-f")) {
      try (Launcher.Following logs = Launcher.follow(command, env)) {
        Await.until("unum " + String.join(" ", args) + " showing the dates the ticker printed", Duration.ofSeconds(60),
            () -> logs.stdout().matches("(?s).*20[0-9]{2}.*"));
        return logs.stop();
      }
    }
    if (args.size() > 2 && args.subList(0, 2).equals(List.of("user", "add"))) {
      // It asks for the password twice on a terminal, as a person types it: script(1) gives it one.
      return Launcher.run(List.of("script", "-qec", String.join(" ", command), "/dev/null"), 60, env,
          PASSWORD + "\n" + PASSWORD + "\n");
    }
    return Launcher.run(command, 600, env);
  }

  /** What each example must have done, beyond exiting 0; a follower is stopped, so its exit is ^C's. */
  private void check(List<String> args, Launcher.Result result) {
    String command = String.join(" ", args);
    boolean follows = args.equals(List.of("events")) || args.contains("-f");
    if (!follows) {
      assertThat(result.exitCode()).as("unum %s\n%s", command, result).isZero();
    }
    String out = result.stdout();
    switch (args.get(0) + " " + (args.size() > 1 ? args.get(1) : "")) {
      case "runlevel " -> assertThat(out.strip()).as(command).isEqualTo("3 1");
      case "whoami " -> assertThat(out).as(command).contains("admin");
      case "run -v" -> assertThat(out).as(command).contains("Linux");
      case "nodes " -> assertThat(out).as(command).contains("NODE").contains("running");
      case "hosts " -> assertThat(out).as(command).contains(HostLab.name(1), HostLab.name(2), HostLab.name(3));
      case "token create" -> assertThat(out.strip().lines().reduce((a, b) -> b).orElse("")).as(command)
          .matches("\\S{20,}");
      case "user list" -> assertThat(out).as(command).contains("alice").contains("operator");
      case "console 2" -> {
        // A node that moved has on its new host only what its console printed since (QEMU's serial
        // file is each host's own): the drain above may have moved node 2.
        if (lab.api(VIA).node(2).path("host").asText().equals(node2WasOn)) {
          assertThat(out).as(command).isNotBlank();
        }
      }
      default -> { }
    }
  }

  /** What the README's order takes for granted before its next example. */
  private void after(List<String> args) {
    Api api = lab.api(VIA);
    String command = String.join(" ", args);
    if (command.equals("runlevel")) {
      // The examples after it expect run level 3 (the ticker runs at 3 and 5): boot again, as its example does.
      Launcher.Result boot = run(List.of("boot", "--wait"));
      assertThat(boot.exitCode()).as(boot.toString()).isZero();
    } else if (command.startsWith("node create")) {
      // The listing answers from the host's replica, an instant behind the write.
      Await.until("the node 'node create' made in the listing", Duration.ofSeconds(30), () -> {
        for (JsonNode node : api.get("/api/v1/nodes?label=role%3Dweb").body()) {
          created = Math.max(created, node.path("node").asInt());
        }
        return created > 0;
      });
      assertThat(api.node(created).path("desiredRunning").asBoolean()).as("created, not to run").isFalse();
    } else if (command.startsWith("node start") || command.startsWith("node reboot")) {
      // The job's end and the state its node's host reports are written apart: wait for the state.
      awaitNode(command, node -> node.path("state").asText().equals("running"));
    } else if (command.startsWith("node update")) {
      awaitNode(command, node -> node.path("labels").path("tier").asText().equals("front")
          && node.path("memoryMiB").asInt() == 384);
    } else if (command.startsWith("node migrate") && command.contains("--to")) {
      awaitNode(command, node -> node.path("host").asText().equals(server2));
    } else if (command.startsWith("node migrate")) {
      // Without --wait it answers once the move is queued; the examples after it want it done.
      Await.until("the move of node " + created + " done", Duration.ofSeconds(180), () -> noJobRuns(api));
      assertThat(api.node(created).path("state").asText()).isEqualTo("running");
    } else if (command.startsWith("host drain")) {
      Await.until("no node left on " + server2 + " after " + command, Duration.ofSeconds(30),
          () -> !lab.placement(VIA).containsValue(server2), () -> lab.placement(VIA).toString());
    } else if (command.startsWith("kill")) {
      Await.until("the killed sleeps gone from the cluster's process table", Duration.ofSeconds(30),
          () -> pids.stream().noneMatch(this::inProcessTable));
    }
  }

  private void awaitNode(String command, Predicate<JsonNode> done) {
    Await.until("node " + created + " as '" + command + "' leaves it", Duration.ofSeconds(30),
        () -> done.test(lab.api(VIA).node(created)), () -> lab.api(VIA).node(created).toString());
  }

  private boolean inProcessTable(String pid) {
    for (JsonNode process : lab.api(VIA).get(ApiPaths.PROCESSES).body()) {
      if (process.path("pid").asText().equals(pid)) {
        return true;
      }
    }
    return false;
  }

  private static boolean noJobRuns(Api api) {
    for (JsonNode job : api.get("/api/v1/jobs").body()) {
      if (!job.path("state").asText().equals("succeeded") && !job.path("state").asText().equals("failed")) {
        return false;
      }
    }
    return true;
  }

  /** What the events example is shown while it follows: node 1's labels changed (a label set, or taken off). */
  private void toggleALabel() {
    boolean set = lab.api(VIA).node(1).path("labels").has("readme-example");
    lab.api(VIA).patch("/api/v1/nodes/1", set ? "{\"labels\": {\"readme-example\": null}}"
        : "{\"labels\": {\"readme-example\": \"events\"}}");
  }

  /** Two sleeps, on nodes 2 and 3, whose cluster-wide PIDs the kill example gets. */
  private void startSleepsToKill() {
    pids.clear();
    for (int node : List.of(2, 3)) {
      Api.Run started = lab.api(VIA).run(node, "sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!");
      assertThat(started.exit()).as(started.stderr()).isZero();
      pids.add(started.stdout().strip());
    }
  }
}
