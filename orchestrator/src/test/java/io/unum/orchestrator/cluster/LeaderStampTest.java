package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeaderStampTest {

  @Test
  void aWriteByNoLeaderKeepsTheStamp() {
    assertThat(LeaderStamp.after(7, LeaderStamp.NONE, "x")).isEqualTo(7);
    assertThat(LeaderStamp.after(LeaderStamp.NONE, LeaderStamp.NONE, "x")).isEqualTo(LeaderStamp.NONE);
  }

  @Test
  void theSameOrANewerLeaderStampsTheRecord() {
    assertThat(LeaderStamp.after(LeaderStamp.NONE, 1, "x")).isEqualTo(1);
    assertThat(LeaderStamp.after(4, 4, "x")).isEqualTo(4);
    assertThat(LeaderStamp.after(4, 9, "x")).isEqualTo(9);
  }

  @Test
  void anOlderLeaderIsRefusedWithBothEpochs() {
    assertThatThrownBy(() -> LeaderStamp.after(5, 4, "job j-1"))
        .isInstanceOfSatisfying(DeposedLeaderException.class, e -> {
          assertThat(e.newer()).isEqualTo(5);
          assertThat(e.own()).isEqualTo(4);
        })
        .hasMessage("job j-1 was written by the leader of epoch 5; this host's epoch 4 is older, so it no longer leads"
            + " and changes nothing");
  }
}
