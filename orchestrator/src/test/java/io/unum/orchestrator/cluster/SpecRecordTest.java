package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecRecordTest {
  private final NodeSpec spec = NodeSpec.withDefaults(3).boundTo("host-a");
  private final SpecRecord two = new SpecRecord(3, spec, 2);

  @Test
  void theHigherRevisionWinsWhateverItHolds() {
    SpecRecord three = new SpecRecord(3, spec.withRunning(false), 3);
    SpecRecord threeRemoved = new SpecRecord(3, null, 3);
    assertThat(three.supersedes(two)).isTrue();
    assertThat(two.supersedes(three)).isFalse();
    assertThat(two.supersedes(threeRemoved)).isFalse();
    assertThat(two.supersedes(null)).isTrue();
  }

  @Test
  void atEqualRevisionsATombstoneWinsSoADeletedNodeNeverComesBack() {
    SpecRecord removed = new SpecRecord(3, null, 2);
    assertThat(removed.supersedes(two)).isTrue();
    assertThat(two.supersedes(removed)).isFalse();
    assertThat(removed.supersedes(new SpecRecord(3, null, 2))).isFalse();
  }

  @Test
  void betweenTwoSpecsOfOneRevisionExactlyOneWinsTheSameWayRoundEitherWay() {
    SpecRecord other = new SpecRecord(3, spec.withLabels(Map.of("tier", "front", "role", "web")), 2);
    assertThat(two.supersedes(other)).isNotEqualTo(other.supersedes(two));
    // Labels are kept sorted, so the order they were given in changes nothing.
    SpecRecord same = new SpecRecord(3, spec.withLabels(Map.of("role", "web", "tier", "front")), 2);
    assertThat(other.supersedes(same)).isFalse();
    assertThat(same.supersedes(other)).isFalse();
    assertThat(two.supersedes(two)).isFalse();
  }
}
