package io.unum.orchestrator.runlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunLevelsTest {
  private final List<Integer> nodes = List.of(2, 3, 5);

  @Test
  void eachLevelSaysWhichNodesGoDownAndWhichComeUp() {
    assertThat(RunLevels.root(nodes)).as("no node 1: the lowest").isEqualTo(2);
    assertThat(RunLevels.root(List.of(4, 1))).isEqualTo(1);
    assertThat(RunLevels.stopped(0, nodes)).containsExactly(2, 3, 5);
    assertThat(RunLevels.started(0, nodes)).isEmpty();
    assertThat(RunLevels.stopped(1, nodes)).containsExactly(3, 5);
    assertThat(RunLevels.started(1, nodes)).containsExactly(2);
    for (int level : new int[] {2, 3, 5}) {
      assertThat(RunLevels.stopped(level, nodes)).isEmpty();
      assertThat(RunLevels.started(level, nodes)).containsExactly(2, 3, 5);
    }
    assertThat(RunLevels.stopped(6, nodes)).containsExactly(2, 3, 5);
    assertThat(RunLevels.started(6, nodes)).containsExactly(2, 3, 5);
  }

  @Test
  void aRebootComesBackToTheLevelItLeftOrTheDefault() {
    assertThat(RunLevels.reached(6, 5)).isEqualTo(5);
    assertThat(RunLevels.reached(6, 1)).isEqualTo(3);
    assertThat(RunLevels.reached(1, 3)).isEqualTo(1);
  }

  @Test
  void levelsOutsideTheTableAreNamed() {
    for (int bad : new int[] {-1, 4, 7}) {
      assertThatThrownBy(() -> RunLevels.require(bad)).hasMessageStartingWith("run level " + bad + " does not exist");
    }
    assertThat(RunLevels.require(6)).isEqualTo(6);
  }

  @Test
  void withoutARecordTheLevelIsInferredFromTheNodesDesiredPower() {
    assertThat(RunLevels.inferred(nodes, Set.of()).level()).isZero();
    assertThat(RunLevels.inferred(nodes, Set.of(2)).level()).isEqualTo(1);
    assertThat(RunLevels.inferred(nodes, Set.of(2, 3)).level()).isEqualTo(3);
    assertThat(RunLevels.inferred(List.of(1), Set.of(1)).level()).isEqualTo(3);
    assertThat(RunLevels.inferred(nodes, Set.of()).previous()).isEqualTo(-1);
  }
}
