package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.unum.orchestrator.runlevel.ClusterRunLevel;
import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Hazelcast members on loopback: a durable value (the run level here) survives a restart of every member. */
class DurableValueTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5921", "127.0.0.1:5922");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  private DurableValue<ClusterRunLevel> member(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-test-runlevel", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return new DurableValue<>(plane.hazelcast(), "unum.runlevel", dir.resolve(name).resolve("runlevel.json"),
        ClusterRunLevel.class, ClusterRunLevel::changedMillis).start();
  }

  private void stopAll() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
    planes.clear();
  }

  @AfterEach
  void tearDown() {
    stopAll();
  }

  @Test
  void everyHostKeepsTheLevelAndTheNewestWinsAfterAFullRestart() throws Exception {
    DurableValue<ClusterRunLevel> a = member("a", 5921);
    DurableValue<ClusterRunLevel> b = member("b", 5922);
    a.set(new ClusterRunLevel(1, 3, 1_000));
    Await.until("b's copy", Duration.ofSeconds(30), () -> b.read().map(l -> l.level() == 1).orElse(false));
    a.set(new ClusterRunLevel(3, 1, 2_000));
    Await.until("b's copy of the newer level", Duration.ofSeconds(30),
        () -> b.read().map(l -> l.level() == 3).orElse(false));
    stopAll();

    DurableValue<ClusterRunLevel> again = member("b", 5922);
    assertThat(again.get()).as("restored from b's disk alone").contains(new ClusterRunLevel(3, 1, 2_000));
    again.write(new ClusterRunLevel(0, 3, 500));
    assertThat(again.read()).as("an older level never overwrites a newer copy").contains(new ClusterRunLevel(3, 1, 2_000));
  }

  @Test
  void aReaderThatMustNotWaitGetsThisHostsCopyWhileTheValuesOwnerIsStuck() throws Exception {
    DurableValue<ClusterRunLevel> a = member("a", 5921);
    DurableValue<ClusterRunLevel> b = member("b", 5922);
    a.set(new ClusterRunLevel(3, 1, 1_000));
    Await.until("b's copy", Duration.ofSeconds(30), () -> b.read().isPresent());
    // The partition holding the value is stuck for 5 s, as a hung member's would be until dropped.
    IMap<String, String> map = planes.get(0).hazelcast().getMap("unum.runlevel");
    CompletableFuture<Object> stuck = map.submitToKey("cluster", (EntryProcessor<String, String, Object>) entry -> {
      try {
        Thread.sleep(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }).toCompletableFuture();

    assertThat(b.getWithin(Duration.ofMillis(300))).contains(new ClusterRunLevel(3, 1, 1_000));
    assertThat(stuck).as("answered from b's copy before the owner came back").isNotDone();
    stuck.get(30, TimeUnit.SECONDS);
    assertThat(b.getWithin(Duration.ofSeconds(5))).contains(new ClusterRunLevel(3, 1, 1_000));
  }
}
