package io.unum.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.cluster.AgentInfo;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.PrometheusText;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster gauges as a scrape shows them, from an in-memory store. */
class ClusterGaugesTest {
  private static final long NOW = 1_000_000_000L;
  private static final AgentInfo AGENT = new AgentInfo(true, "6.1.0-unum", "0.1.0", 1, 42);

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final AtomicLong clock = new AtomicLong(NOW);
  private final AtomicInteger members = new AtomicInteger(3);
  private final Metrics metrics = new Metrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  private void node(int node, NodeStatus status) {
    store.updateStatus(node, s -> status);
  }

  private static NodeStatus status(int node, NodeState state, long sinceMillis) {
    return NodeStatus.initial(node, state, "host-a", "unum-node" + node, null, null, sinceMillis);
  }

  private static NodeLoad heardAt(long millis) {
    return new NodeLoad(0.5, 10, 1024, 512, 20, 60, millis);
  }

  private void host(String name, HostState state) {
    HostInfo info = new HostInfo(name, 2, 4096, "tcg", "test", "qemu:///system", "127.0.0.1",
        "127.0.0.1:7070", "bzImage", "base.raw", NOW, true, null);
    store.updateHost(name, h -> new HostStatus(info, "member-" + name, state, NOW, 0));
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  @Test
  void nodesAreCountedPerStateWithAZeroSeriesForEveryEmptyState() {
    metrics.register(new ClusterGauges(store, members::get, clock::get));
    node(1, status(1, NodeState.RUNNING, NOW));
    node(2, status(2, NodeState.RUNNING, NOW));
    node(3, status(3, NodeState.FAILED, NOW));

    PrometheusText text = scrape();

    assertThat(text.type("unum_nodes")).isEqualTo("gauge");
    assertThat(text.value("unum_nodes", "state", "running")).isEqualTo(2);
    assertThat(text.value("unum_nodes", "state", "failed")).isEqualTo(1);
    for (NodeState state : new NodeState[] {NodeState.DEFINED, NodeState.BOOTING, NodeState.STOPPING,
        NodeState.STOPPED}) {
      assertThat(text.value("unum_nodes", "state", state.label())).as(state.label()).isZero();
    }
    assertThat(text.samples("unum_nodes")).hasSize(NodeState.values().length);
  }

  @Test
  void theCountsFollowTheStoreFromOneScrapeToTheNext() {
    metrics.register(new ClusterGauges(store, members::get, clock::get));
    node(1, status(1, NodeState.BOOTING, NOW));
    assertThat(scrape().value("unum_nodes", "state", "booting")).isEqualTo(1);

    node(1, status(1, NodeState.RUNNING, NOW));
    PrometheusText after = scrape();

    assertThat(after.value("unum_nodes", "state", "booting")).isZero();
    assertThat(after.value("unum_nodes", "state", "running")).isEqualTo(1);
  }

  @Test
  void hostsAreCountedPerStateAndMembersAreTheControlPlanes() {
    metrics.register(new ClusterGauges(store, members::get, clock::get));
    host("a", HostState.UP);
    host("b", HostState.UP);
    host("c", HostState.DOWN);
    members.set(2);

    PrometheusText text = scrape();

    assertThat(text.value("unum_hosts", "state", "up")).isEqualTo(2);
    assertThat(text.value("unum_hosts", "state", "down")).isEqualTo(1);
    assertThat(text.value("unum_hosts", "state", "left")).isZero();
    assertThat(text.value("unum_control_plane_members")).isEqualTo(2);
  }

  @Test
  void heartbeatAgeIsSecondsSinceTheLastHeartbeatOfEachConnectedAgent() {
    metrics.register(new ClusterGauges(store, members::get, clock::get));
    node(1, status(1, NodeState.RUNNING, NOW - 60_000).withAgent(AGENT).withLoad(heardAt(NOW - 1_500)));
    // Said hello 4 s ago and has not sent a heartbeat yet: heard at the hello.
    node(2, status(2, NodeState.RUNNING, NOW - 4_000).withAgent(AGENT));
    // A load left over from before the link dropped: no agent, no series.
    node(3, status(3, NodeState.RUNNING, NOW - 60_000).withLoad(heardAt(NOW - 30_000)));
    node(4, status(4, NodeState.BOOTING, NOW));

    PrometheusText text = scrape();

    assertThat(text.type("unum_agent_heartbeat_age_seconds")).isEqualTo("gauge");
    assertThat(text.value("unum_agent_heartbeat_age_seconds", "node", "1")).isEqualTo(1.5);
    assertThat(text.value("unum_agent_heartbeat_age_seconds", "node", "2")).isEqualTo(4.0);
    assertThat(text.samples("unum_agent_heartbeat_age_seconds")).hasSize(2);

    clock.addAndGet(2_000);
    assertThat(scrape().value("unum_agent_heartbeat_age_seconds", "node", "1")).isEqualTo(3.5);
  }

  @Test
  void aNodeWhoseAgentIsLostLosesItsHeartbeatSeries() {
    metrics.register(new ClusterGauges(store, members::get, clock::get));
    node(1, status(1, NodeState.RUNNING, NOW).withAgent(AGENT).withLoad(heardAt(NOW)));
    assertThat(scrape().has("unum_agent_heartbeat_age_seconds", "node", "1")).isTrue();

    store.updateStatus(1, s -> s.withAgent(AgentInfo.DISCONNECTED));

    assertThat(scrape().has("unum_agent_heartbeat_age_seconds", "node", "1")).isFalse();
  }

  @Test
  void aScrapeReadsEachCollectionOfTheStoreOnce() {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    ClusterStore counting = (ClusterStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ClusterStore.class}, (proxy, method, args) -> {
          calls.computeIfAbsent(method.getName(), m -> new AtomicInteger()).incrementAndGet();
          return method.invoke(store, args);
        });
    AtomicInteger memberReads = new AtomicInteger();
    metrics.register(new ClusterGauges(counting, () -> {
      memberReads.incrementAndGet();
      return 1;
    }, clock::get));
    for (int node = 1; node <= 5; node++) {
      node(node, status(node, NodeState.RUNNING, NOW).withAgent(AGENT).withLoad(heardAt(NOW)));
    }

    scrape();

    assertThat(calls).containsOnlyKeys("statuses", "hosts");
    assertThat(calls.get("statuses")).hasValue(1);
    assertThat(calls.get("hosts")).hasValue(1);
    assertThat(memberReads).hasValue(1);
  }

  @Test
  void aStoreThatCannotBeReadFailsTheScrapeRatherThanServeStaleCounts() {
    ClusterStore broken = (ClusterStore) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ClusterStore.class}, (proxy, method, args) -> {
          throw new IllegalStateException("Hazelcast instance is not active!");
        });
    metrics.register(new ClusterGauges(broken, members::get, clock::get));

    assertThatThrownBy(metrics::scrape).hasMessageContaining("not active");
  }
}
