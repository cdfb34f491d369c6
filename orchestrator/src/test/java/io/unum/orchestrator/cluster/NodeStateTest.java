package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeStateTest {

  @Test
  void aNormalLifeIsAllowed() {
    NodeStatus status = NodeStatus.initial(2, NodeState.DEFINED, "h", "unum-node2", "10.0.0.2", "m", 0);
    status = status.booting(1000);
    assertThat(status.state()).isEqualTo(NodeState.BOOTING);
    status = status.running(new AgentInfo(true, "6.1", "0.1.0", 1, 42), 3500);
    assertThat(status.state()).isEqualTo(NodeState.RUNNING);
    assertThat(status.bootSeconds()).isEqualTo(2.5);
    assertThat(status.agent().connected()).isTrue();
    status = status.moveTo(NodeState.STOPPING, 4000).moveTo(NodeState.STOPPED, 5000);
    assertThat(status.state()).isEqualTo(NodeState.STOPPED);
    assertThat(status.agent().connected()).isFalse();
  }

  @Test
  void failureKeepsReasonAndConsoleTailUntilTheNextBoot() {
    NodeStatus failed = NodeStatus.initial(1, NodeState.DEFINED, "h", "d", "ip", "m", 0)
        .booting(10).failed("kernel panic", List.of("Kernel panic - not syncing"), 20);
    assertThat(failed.state()).isEqualTo(NodeState.FAILED);
    assertThat(failed.error()).isEqualTo("kernel panic");
    assertThat(failed.consoleTail()).containsExactly("Kernel panic - not syncing");
    NodeStatus again = failed.booting(30);
    assertThat(again.error()).isNull();
    assertThat(again.consoleTail()).isEmpty();
    assertThat(again.bootStartedMillis()).isEqualTo(30);
  }

  @Test
  void impossibleMovesAreRefused() {
    NodeStatus stopped = NodeStatus.initial(1, NodeState.STOPPED, "h", "d", "ip", "m", 0);
    assertThatThrownBy(() -> stopped.moveTo(NodeState.RUNNING, 1))
        .hasMessageContaining("stopped").hasMessageContaining("running");
    assertThat(NodeState.DEFINED.canMoveTo(NodeState.RUNNING)).isFalse();
    assertThat(NodeState.STOPPING.canMoveTo(NodeState.BOOTING)).isFalse();
    assertThat(NodeState.RUNNING.canMoveTo(NodeState.RUNNING)).isTrue();
  }

  @Test
  void specRejectsNodesOutsideTheRange() {
    assertThatThrownBy(() -> NodeSpec.withDefaults(0)).hasMessageContaining("1..4095");
    assertThatThrownBy(() -> NodeSpec.withDefaults(4096)).hasMessageContaining("1..4095");
    assertThatThrownBy(() -> new NodeSpec(1, 1, 64, "", true)).hasMessageContaining("memoryMiB");
    assertThatThrownBy(() -> new NodeSpec(1, 1, 512, "a\nb", true)).hasMessageContaining("kernelArgs");
    NodeSpec spec = NodeSpec.withDefaults(1);
    assertThatThrownBy(() -> spec.withLabels(Map.of("Role", "web"))).hasMessageContaining("label key 'Role'");
    assertThatThrownBy(() -> spec.withLabels(Map.of("role", "-web"))).hasMessageContaining("label 'role' has value '-web'");
    assertThat(spec.withLabels(Map.of("b", "2", "a", "")).labels().keySet()).as("sorted").containsExactly("a", "b");
  }
}
