package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiResponse;
import io.unum.orchestrator.client.ApiUnreachableException;
import io.unum.orchestrator.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every orchestrator killed at once, at a random point of a stream of node writes (creates,
 * label changes, deletes spread over every host), then started again, ten times: no write
 * acknowledged before the kill is lost and no node whose deletion was acknowledged comes back.
 * (Killing processes leaves what they wrote in this machine's page cache, so this proves the
 * order of things, persist before acknowledge and the rules that merge the disks' copies, not the
 * fsyncs; a real power cut is beyond a lab whose hosts share one kernel.)
 */
@UnumLab(hosts = 3, nodes = 3)
@Order(15)
class RestartAllLabIT {
  private static final int ROUNDS = 10;
  /** The stream's nodes are numbered from here, far above the lab's own. */
  private static final int FIRST = 100;
  /** Each write is short; one that finds its orchestrator killed fails at once. */
  private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);
  private final HostLab lab;

  RestartAllLabIT(HostLab lab) {
    this.lab = lab;
  }

  /** Writes until stopped, each to the next host in turn, and logs what was acknowledged. */
  private final class WriteStream implements AutoCloseable {
    private final WrittenNodes written;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::write, "write-stream");
    private int next;

    WriteStream(WrittenNodes written, Random random, int next) {
      this.written = written;
      this.random = random;
      this.next = next;
      thread.setDaemon(true);
      thread.start();
    }

    private void write() {
      for (int turn = 0; running.get(); turn++) {
        int host = turn % lab.hosts() + 1;
        List<Integer> nodes = written.certainlyPresent();
        Optional<Map<String, String>> labels = Optional.of(Map.of("gen", String.valueOf(turn)));
        String labelsJson = "\"labels\": {\"gen\": \"" + turn + "\"}";
        double pick = random.nextDouble();
        if (nodes.size() < 3 || pick < 0.4) {
          int node = next++;
          send(host, "POST", "/api/v1/nodes", "{\"node\": " + node + ", \"start\": false, " + labelsJson + "}", node,
              labels);
        } else if (pick < 0.75) {
          int node = nodes.get(random.nextInt(nodes.size()));
          send(host, "PATCH", "/api/v1/nodes/" + node, "{" + labelsJson + "}", node, labels);
        } else {
          int node = nodes.get(random.nextInt(nodes.size()));
          send(host, "DELETE", "/api/v1/nodes/" + node, null, node, Optional.empty());
        }
      }
    }

    private void send(int host, String method, String path, String json, int node,
        Optional<Map<String, String>> after) {
      try {
        ApiResponse response = lab.api(host).transport().withDeadlines(WRITE_DEADLINE, WRITE_DEADLINE)
            .exchange(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), Map.of());
        if (response.status() / 100 == 2) {
          written.acknowledged(node, after);
          return;
        }
      } catch (ApiUnreachableException e) {
        // killed mid-call: the write may or may not have landed
      }
      written.unanswered(node, after);
    }

    int next() {
      return next;
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(60_000);
      assertThat(thread.isAlive()).as("the write stream still writing a minute after it was stopped").isFalse();
    }
  }

  /** The stream's nodes as {@code via} lists them: node to labels. */
  private Map<Integer, Map<String, String>> listed(int via) {
    Map<Integer, Map<String, String>> listed = new TreeMap<>();
    for (JsonNode node : lab.api(via).get("/api/v1/nodes").body()) {
      if (node.path("node").asInt() >= FIRST) {
        Map<String, String> labels = new TreeMap<>();
        node.path("labels").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
        listed.put(node.path("node").asInt(), labels);
      }
    }
    return listed;
  }

  @Test
  void everyOrchestratorKilledMidStreamLosesNoAcknowledgedWriteAndBringsNoDeletedNodeBack() throws Exception {
    List<String> hosts = IntStream.rangeClosed(1, lab.hosts()).mapToObj(HostLab::name).toList();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    WrittenNodes written = new WrittenNodes();
    int next = FIRST;
    System.out.printf("[restart-all] %d rounds on %s, seed %d%n", ROUNDS, hosts, seed);
    // The lab's guests would outlive no round (a restart of every orchestrator takes longer than the
    // lease term) and booting them ten times over would only slow the rounds: stopped meanwhile.
    List<Integer> guests = StreamSupport.stream(lab.api(1).get("/api/v1/nodes").body().spliterator(), false)
        .filter(n -> n.path("node").asInt() < FIRST && n.path("state").asText().equals("running"))
        .map(n -> n.path("node").asInt()).toList();
    for (int node : guests) {
      assertThat(lab.api(1).post("/api/v1/nodes/" + node + "/stop", null).status()).as("stopping node %d", node)
          .isEqualTo(202);
    }
    Await.until("the lab's nodes stopped", Duration.ofSeconds(120), () -> guests.stream()
        .allMatch(n -> lab.api(1).node(n).path("state").asText().equals("stopped")));
    for (int round = 1; round <= ROUNDS; round++) {
      long killedAt;
      WriteStream stream = new WriteStream(written, new Random(random.nextLong()), next);
      try {
        // The kill's random point: the one place this test waits for a time rather than a condition.
        Thread.sleep(500 + random.nextInt(2500));
        killedAt = System.nanoTime();
        lab.killOrchestrators(hosts);
      } finally {
        stream.close();
      }
      next = stream.next();
      lab.startOrchestrators(hosts);
      lab.awaitWholeControlPlane();
      double back = (System.nanoTime() - killedAt) / 1e9;
      Map<Integer, Map<String, String>> agreed = Await.value("every host listing the same nodes after round "
          + round, Duration.ofSeconds(60), () -> {
            Map<Integer, Map<String, String>> first = listed(1);
            return IntStream.rangeClosed(2, lab.hosts()).allMatch(h -> listed(h).equals(first))
                ? Optional.of(first) : Optional.empty();
          });
      List<String> problems = written.check(agreed);
      System.out.printf("[restart-all] round %d: control plane whole %.1f s after the kill; %d writes acknowledged,"
          + " %d unanswered so far; %d of the stream's nodes exist%n", round, back, written.acknowledgedCount(),
          written.unansweredCount(), agreed.size());
      assertThat(problems).as("round %d (seed %d): what the cluster lists against what was acknowledged", round, seed)
          .isEmpty();
    }
    assertThat(written.acknowledgedCount()).as("writes acknowledged over %d rounds", ROUNDS).isGreaterThan(ROUNDS);
    for (int node : listed(1).keySet()) {
      assertThat(lab.api(1).delete("/api/v1/nodes/" + node).status() / 100).as("removing node %d", node).isEqualTo(2);
    }
    for (int node : guests) {
      assertThat(lab.api(1).post("/api/v1/nodes/" + node + "/start", null).status()).as("starting node %d", node)
          .isEqualTo(202);
    }
  }
}
