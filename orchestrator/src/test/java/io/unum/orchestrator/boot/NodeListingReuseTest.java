package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listing is built once per change of the view and filter: a poller's request builds nothing. */
class NodeListingReuseTest {
  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final AtomicLong revision = new AtomicLong();

  /** The store as a view whose revision the test moves, as a replica's moves with its changes. */
  private final ClusterView view = new ClusterView() {
    @Override
    public Collection<NodeSpec> specs() {
      return store.specs();
    }

    @Override
    public Collection<NodeStatus> statuses() {
      return store.statuses();
    }

    @Override
    public Collection<HostStatus> hosts() {
      return store.hosts();
    }

    @Override
    public Map<String, String> maintenance() {
      return store.maintenance();
    }

    @Override
    public OptionalLong nodesRevision() {
      return OptionalLong.of(revision.get());
    }
  };

  private NodeService over(ClusterView seen) {
    return new NodeService(store, seen, null, new NodePaths(dir), "host-a", () -> true, PidSpace.DEFAULT);
  }

  @Test
  void theSameListIsGivenWhileTheViewStandsStillAndTheFilterIsTheSame() {
    store.createSpec(NodeSpec.withDefaults(1));
    store.createSpec(NodeSpec.withDefaults(2).withLabels(Map.of("role", "web")));
    NodeService nodes = over(view);
    NodeFilter all = new NodeFilter(null, null, Map.of());
    NodeFilter web = new NodeFilter(null, null, Map.of("role", "web"));

    List<NodeView> first = nodes.list(all);
    assertThat(nodes.list(all)).isSameAs(first);
    assertThat(nodes.list(web)).extracting(NodeView::node).containsExactly(2);
    assertThat(nodes.list(all)).as("another filter in between").isNotSameAs(first).isEqualTo(first);

    store.createSpec(NodeSpec.withDefaults(3));
    revision.incrementAndGet();
    assertThat(nodes.list(all)).extracting(NodeView::node).containsExactly(1, 2, 3);
  }

  @Test
  void aViewThatCannotTellItsRevisionIsReadEveryTime() {
    store.createSpec(NodeSpec.withDefaults(1));
    NodeService nodes = over(store);
    NodeFilter all = new NodeFilter(null, null, Map.of());
    List<NodeView> first = nodes.list(all);
    store.createSpec(NodeSpec.withDefaults(2));
    assertThat(nodes.list(all)).isNotSameAs(first).extracting(NodeView::node).containsExactly(1, 2);
  }
}
