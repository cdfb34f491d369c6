package io.unum.orchestrator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.InitRole;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The leader keeps the init role on a running node and says so when it moves. */
class InitRoleKeeperTest {
  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final InMemoryValue<InitRole> roles = new InMemoryValue<>();
  private final MemoryEventLog events = new MemoryEventLog();
  private final AtomicLong epoch = new AtomicLong(1);
  private final InitRoleKeeper keeper = new InitRoleKeeper(store, roles, events, epoch::get);

  private void running(int node) {
    store.createSpec(new NodeSpec(node, 1, 512, "", true));
    store.updateStatus(node, s -> NodeStatus.initial(node, NodeState.BOOTING, "h", "d", null, null, 1)
        .booting(1).running(null, 2));
  }

  @Test
  void theRootTakesItAndTheRoleMovesWhenItsHolderFails() {
    running(1);
    running(2);
    assertThat(keeper.pass()).map(InitRole::node).contains(1);
    assertThat(keeper.pass()).as("nothing changed").isEmpty();
    store.updateStatus(1, s -> s.failed("destroyed", List.of(), 3));
    assertThat(keeper.pass()).map(InitRole::node).contains(2);
    assertThat(roles.get().orElseThrow().epoch()).isEqualTo(2);
    assertThat(events.types()).containsExactly("cluster.init-role", "cluster.init-role");
    assertThat(events.all().get(1).data()).containsEntry("node", 2).containsEntry("previous", 1)
        .containsEntry("epoch", 2L);
  }

  @Test
  void aNewLeaderClaimsTheGrantAtOnceSoTheDeposedOneCannotMoveIt() {
    running(1);
    running(2);
    keeper.pass();
    assertThat(roles.get().orElseThrow().leaderEpoch()).isEqualTo(1);
    epoch.set(2);
    assertThat(keeper.pass()).as("its holder runs: no new grant").isEmpty();
    assertThat(roles.get().orElseThrow()).as("but the new leader's stamp")
        .isEqualTo(new InitRole(1, 1, roles.get().orElseThrow().sinceMillis(), 2));

    store.updateStatus(1, s -> s.failed("destroyed", List.of(), 3));
    epoch.set(1);
    assertThat(keeper.pass()).as("the deposed leader").isEmpty();
    assertThat(roles.get().orElseThrow().node()).isEqualTo(1);
    epoch.set(2);
    assertThat(keeper.pass()).map(InitRole::node).contains(2);
    assertThat(roles.get().orElseThrow().leaderEpoch()).isEqualTo(2);
    assertThat(events.types()).as("a claim is not a grant").containsExactly("cluster.init-role", "cluster.init-role");
  }

  @Test
  void onlyTheLeaderGrantsIt() {
    running(1);
    epoch.set(LeaderStamp.NONE);
    assertThat(keeper.pass()).isEmpty();
    assertThat(roles.get()).isEmpty();
  }
}
