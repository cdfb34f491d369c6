package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One init role: on the root node first, moved when its holder stops, never given back by itself. */
class InitRoleTest {
  private final List<Integer> nodes = List.of(1, 2, 3);

  @Test
  void theRootNodeTakesItFirstAndTheNextRunningNodeWhenItsHolderStops() {
    InitRole first = InitRole.NONE.next(nodes, Set.of(2, 1, 3), 10).orElseThrow();
    assertThat(first).isEqualTo(new InitRole(1, 1, 10));
    assertThat(first.next(nodes, Set.of(1, 2), 20)).as("its holder runs: no change").isEmpty();
    InitRole moved = first.next(nodes, Set.of(3, 2), 30).orElseThrow();
    assertThat(moved).as("the lowest running node, a new epoch").isEqualTo(new InitRole(2, 2, 30));
    assertThat(moved.next(nodes, Set.of(1, 2, 3), 40)).as("the old holder back: it does not take it back").isEmpty();
  }

  @Test
  void withNoNodeRunningNobodyHoldsItAndTheNextBootGrantsItAgain() {
    InitRole held = new InitRole(1, 4, 10);
    InitRole none = held.next(nodes, Set.of(), 20).orElseThrow();
    assertThat(none).isEqualTo(new InitRole(0, 5, 20));
    assertThat(none.next(nodes, Set.of(), 30)).isEmpty();
    assertThat(none.next(nodes, Set.of(3, 1), 40)).contains(new InitRole(1, 6, 40));
  }
}
