package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Hazelcast members on loopback: desired state survives a restart of every member. */
class DurableSpecsTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5901", "127.0.0.1:5902", "127.0.0.1:5903");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new CopyOnWriteArrayList<>();

  private ControlPlane member(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-test-durable", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
  }

  /** Every member crashes: the worst case for durable state. */
  private void stopAll() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
    planes.clear();
  }

  @AfterEach
  void tearDown() {
    stopAll();
  }

  @Test
  void everyHostKeepsEverySpecAndTheNewestRevisionWinsAfterAFullRestart() throws Exception {
    ControlPlane a = member("a", 5901);
    ControlPlane b = member("b", 5902);
    ControlPlane c = member("c", 5903);
    Await.until("three members", Duration.ofSeconds(30), () -> a.memberCount() == 3);
    ClusterStore store = a.store();
    for (int node = 1; node <= 8; node++) {
      store.createSpec(NodeSpec.withDefaults(node).boundTo("a"));
    }
    store.updateSpec(2, s -> s.withRunning(false));
    store.removeSpec(3);
    // Each host's own copy holds all eight nodes, not just the keys its member owns.
    for (String host : List.of("a", "b", "c")) {
      SpecFiles files = new SpecFiles(dir.resolve(host).resolve("specs"));
      Await.until("host " + host + "'s copy", Duration.ofSeconds(30), () -> files.readAll().size() == 8
          && files.readAll().stream().anyMatch(r -> r.node() == 3 && r.removed()));
    }
    stopAll();

    // Host c was away for the last change: its copy is stale, and it comes back first.
    SpecFiles cFiles = new SpecFiles(dir.resolve("c").resolve("specs"));
    cFiles.write(new SpecRecord(3, NodeSpec.withDefaults(3).boundTo("a"), 1));
    ControlPlane c2 = member("c", 5903);
    ControlPlane a2 = member("a", 5901);
    Await.until("two members", Duration.ofSeconds(30), () -> c2.memberCount() == 2);
    ClusterStore restarted = a2.store();
    Await.until("the newest copy wins", Duration.ofSeconds(30), () -> restarted.wasRemoved(3));
    assertThat(restarted.specs()).extracting(NodeSpec::node).containsExactlyInAnyOrder(1, 2, 4, 5, 6, 7, 8);
    assertThat(restarted.spec(2).orElseThrow().running()).isFalse();
    assertThat(restarted.spec(1).orElseThrow().host()).isEqualTo("a");
  }

  @Test
  void aTieBetweenTwoDisksEndsTheSameWhicheverHostComesFirstAndEveryDiskFollows() {
    // Two sides of a split each wrote revision 2 of nodes 4 and 5: one removed, one changed.
    SpecFiles aFiles = new SpecFiles(dir.resolve("a").resolve("specs"));
    SpecFiles cFiles = new SpecFiles(dir.resolve("c").resolve("specs"));
    SpecRecord four = SpecRecord.first(NodeSpec.withDefaults(4));
    SpecRecord five = SpecRecord.first(NodeSpec.withDefaults(5));
    aFiles.write(four.then(four.spec().withRunning(false)));
    cFiles.write(four.then(null));
    aFiles.write(five.then(null));
    cFiles.write(five.then(five.spec().withRunning(false)));

    ControlPlane a = member("a", 5901);
    ControlPlane c = member("c", 5903);
    Await.until("two members", Duration.ofSeconds(30), () -> a.memberCount() == 2);
    ClusterStore store = c.store();
    Await.until("both removals won", Duration.ofSeconds(30), () -> store.wasRemoved(4) && store.wasRemoved(5));
    for (SpecFiles files : List.of(aFiles, cFiles)) {
      Await.until("every disk holding the removals", Duration.ofSeconds(30),
          () -> files.readAll().stream().filter(r -> r.node() >= 4).allMatch(SpecRecord::removed));
    }
  }

  /** A node's state as the test wrote it: absent (null), removed, or a spec labelled v=value. */
  private record Written(int node, String value) {
    static final String REMOVED = "removed";

    boolean isIn(ClusterStore store) {
      Optional<NodeSpec> spec = store.spec(node);
      if (value == null) {
        return spec.isEmpty() && !store.wasRemoved(node);
      }
      return value.equals(REMOVED) ? store.wasRemoved(node)
          : spec.map(s -> value.equals(s.labels().get("v"))).orElse(false);
    }
  }

  private static final int CRASHES = 3;

  @Test
  void everyHostCrashingAtARandomMomentOfAStreamOfChangesLosesNoAnsweredChangeAndRevivesNoRemovedNode() {
    Random random = new Random(20);
    // Per node, what it may be after the crash: what was last answered, and the change in flight.
    Map<Integer, List<Written>> allowed = new HashMap<>();
    for (int node = 1; node <= 6; node++) {
      allowed.put(node, List.of(new Written(node, null)));
    }
    ScheduledExecutorService crasher = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int round = 1; ; round++) {
        List<CompletableFuture<ControlPlane>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          String name = String.valueOf((char) ('a' + i));
          int port = 5901 + i;
          starting.add(CompletableFuture.supplyAsync(() -> member(name, port)));
        }
        List<ControlPlane> members = starting.stream().map(CompletableFuture::join).toList();
        ClusterStore store = members.get(random.nextInt(members.size())).store();
        int restarted = round;
        allowed.replaceAll((node, outcomes) -> {
          Written found = outcomes.stream().filter(w -> w.isIn(store)).findFirst().orElse(null);
          assertThat(found).as("start %d: node %d after every host crashed; allowed: %s", restarted, node, outcomes)
              .isNotNull();
          return List.of(found);
        });
        if (round > CRASHES) {
          return;
        }
        // Half the rounds crash at a moment of their own, the others right after an answer: the worst case.
        int crashAfter = round % 2 == 0 ? Integer.MAX_VALUE : 20 + random.nextInt(100);
        if (crashAfter == Integer.MAX_VALUE) {
          crasher.schedule(this::stopAll, 200 + random.nextInt(800), TimeUnit.MILLISECONDS);
        }
        try {
          for (int change = 0; ; change++) {
            int node = 1 + random.nextInt(6);
            boolean exists = store.spec(node).isPresent();
            String value = exists && random.nextInt(3) == 0 ? Written.REMOVED : round + "." + change;
            Written next = new Written(node, value);
            allowed.put(node, List.of(allowed.get(node).get(0), next));
            if (!exists) {
              store.createSpec(NodeSpec.withDefaults(node).withLabels(Map.of("v", value)));
            } else if (value.equals(Written.REMOVED)) {
              store.removeSpec(node);
            } else {
              store.updateSpec(node, s -> s.withLabels(Map.of("v", value)));
            }
            allowed.put(node, List.of(next));
            if (change == crashAfter) {
              stopAll();
            }
          }
        } catch (RuntimeException crashed) {
          // Every member is gone; the change in flight may or may not have been made.
        }
        Await.until("every member of round " + round + " gone", Duration.ofSeconds(30), planes::isEmpty);
      }
    } finally {
      crasher.shutdownNow();
    }
  }
}
