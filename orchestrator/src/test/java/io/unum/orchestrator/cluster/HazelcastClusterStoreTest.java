package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One real member: a spec change is handed to this host's disk before the call returns. */
class HazelcastClusterStoreTest {
  private final HazelcastInstance hazelcast;
  private final List<SpecRecord> persisted = new CopyOnWriteArrayList<>();
  private final HazelcastClusterStore store;

  HazelcastClusterStoreTest() {
    Config config = new Config().setClusterName("unum-test-store").setProperty("hazelcast.phone.home.enabled", "false");
    MemberSecurity.applyTo(config, "127.0.0.1", 5915, List.of("127.0.0.1:5915"));
    config.getJetConfig().setEnabled(false);
    hazelcast = Hazelcast.newHazelcastInstance(config);
    store = new HazelcastClusterStore(hazelcast, persisted::add);
  }

  @AfterEach
  void tearDown() {
    hazelcast.getLifecycleService().terminate();
  }

  @Test
  void everyChangeIsPersistedBeforeItReturnsAndANoChangeIsNot() {
    assertThat(store.createSpec(NodeSpec.withDefaults(1))).isTrue();
    assertThat(persisted).containsExactly(SpecRecord.first(NodeSpec.withDefaults(1)));

    store.updateSpec(1, s -> s.withLabels(Map.of("tier", "web")));
    assertThat(persisted).hasSize(2);
    assertThat(persisted.get(1).revision()).isEqualTo(2);
    assertThat(persisted.get(1).spec().labels()).containsEntry("tier", "web");

    store.updateSpec(1, s -> s.withLabels(Map.of("tier", "web")));
    assertThat(persisted).as("an update that changes nothing writes nothing").hasSize(2);

    store.removeSpec(1);
    assertThat(persisted.get(2)).isEqualTo(new SpecRecord(1, null, 3));
    assertThat(store.createSpec(NodeSpec.withDefaults(1))).isTrue();
    assertThat(persisted.get(3)).isEqualTo(new SpecRecord(1, NodeSpec.withDefaults(1), 4));
    assertThat(store.createSpec(NodeSpec.withDefaults(1))).as("a node that exists is not created again").isFalse();
    assertThat(persisted).hasSize(4);
  }

  @Test
  void aLeaderOlderThanTheSpecsLastLeaderChangesNothingAndOthersKeepTheStamp() {
    store.createSpec(NodeSpec.withDefaults(1));
    store.updateSpec(1, 3, s -> s.boundTo("a"));
    assertThat(persisted.get(1).leaderEpoch()).isEqualTo(3);

    assertThatThrownBy(() -> store.updateSpec(1, 2, s -> s.boundTo("b")))
        .isInstanceOf(DeposedLeaderException.class)
        .hasMessageContaining("node 1's spec was written by the leader of epoch 3")
        .hasMessageContaining("epoch 2 is older");
    assertThatThrownBy(() -> store.updateSpec(1, 2, s -> s))
        .as("refused even when the change would change nothing: the deposed leader must learn it")
        .isInstanceOf(DeposedLeaderException.class);
    assertThat(store.spec(1).orElseThrow().host()).isEqualTo("a");
    assertThat(persisted).hasSize(2);

    store.updateSpec(1, s -> s.withLabels(Map.of("tier", "web")));
    assertThat(persisted.get(2).leaderEpoch()).as("an operator's change keeps the leader's stamp").isEqualTo(3);
    store.updateSpec(1, 4, s -> s.withRunning(false));
    assertThat(persisted.get(3).leaderEpoch()).as("a newer leader's write").isEqualTo(4);
    assertThat(store.spec(1).orElseThrow().running()).isFalse();
  }
}
