package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real members on loopback: one host's local view follows what the other host writes. */
class ReplicatedClusterViewTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5925", "127.0.0.1:5926");

  @TempDir
  Path dir;

  @Test
  void theViewHoldsWhatWasThereAndFollowsEveryChangeMadeElsewhere() throws Exception {
    ControlPlane a = ControlPlane.start("unum-test-view", "a", "127.0.0.1", 5925, PEERS, dir.resolve("a"));
    ControlPlane b = ControlPlane.start("unum-test-view", "b", "127.0.0.1", 5926, PEERS, dir.resolve("b"));
    try {
      Await.until("two members", Duration.ofSeconds(10), () -> a.memberCount() == 2);
      ClusterStore writer = a.store();
      writer.createSpec(NodeSpec.withDefaults(1));
      try (ReplicatedClusterView view = b.view()) {
        List<String> changes = new CopyOnWriteArrayList<>();
        view.whenSpecChanges((before, after) -> changes.add(
            (before == null ? "-" : before.node() + ":" + before.running())
            + " -> " + (after == null ? "-" : after.node() + ":" + after.running())));
        assertThat(view.specs()).as("loaded at start").extracting(NodeSpec::node).containsExactly(1);
        long revision = view.nodesRevision().orElseThrow();
        for (int node = 2; node <= 20; node++) {
          writer.createSpec(NodeSpec.withDefaults(node));
        }
        writer.updateSpec(5, s -> s.withRunning(false));
        writer.removeSpec(7);
        writer.setMaintenance("a", "disk swap");
        writer.updateStatus(3, s -> NodeStatus.initial(3, NodeState.DEFINED, "a", "unum-node3", null, null, 1));
        Await.until("every change", Duration.ofSeconds(10),
            () -> view.specs().size() == 19 && view.statuses().size() == 1
                && view.maintenance().containsKey("a")
                && view.specs().stream().anyMatch(s -> s.node() == 5 && !s.running()));
        assertThat(view.specs()).extracting(NodeSpec::node).doesNotContain(7);
        assertThat(view.nodesRevision().orElseThrow()).as("moved with the changes").isGreaterThan(revision);
        assertThat(changes).as("told with the spec before and after").contains("- -> 2:true", "5:true -> 5:false",
            "7:true -> -");
        view.specs().forEach(spec -> assertThat(spec).isEqualTo(writer.spec(spec.node()).orElseThrow()));
        writer.setMaintenance("a", null);
        Await.until("maintenance off", Duration.ofSeconds(10), () -> view.maintenance().isEmpty());
      }
    } finally {
      a.hazelcast().getLifecycleService().terminate();
      b.hazelcast().getLifecycleService().terminate();
    }
  }
}
