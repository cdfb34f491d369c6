package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read of one node costs no call to the shared maps while this host's replica has the node. */
class NodeServiceReadTest {
  @TempDir
  Path dir;

  @Test
  void aReadTakesTheReplicasCopyAndTheSharedMapsOnlyForANodeTheReplicaHasNotSeen() {
    InMemoryClusterStore shared = new InMemoryClusterStore();
    InMemoryClusterStore replica = new InMemoryClusterStore();
    shared.createSpec(NodeSpec.withDefaults(1).withLabels(Map.of("copy", "shared")));
    replica.createSpec(NodeSpec.withDefaults(1).withLabels(Map.of("copy", "replica")));
    shared.createSpec(NodeSpec.withDefaults(2));
    NodeService nodes = new NodeService(shared, replica, null, new NodePaths(dir), "host-a", () -> true,
        PidSpace.DEFAULT);

    assertThat(nodes.get(1).labels()).containsEntry("copy", "replica");
    assertThat(nodes.get(2).node()).as("created an instant ago: not in the replica yet").isEqualTo(2);
    assertThatThrownBy(() -> nodes.get(3)).isInstanceOf(NoSuchNodeException.class);
  }
}
