package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PidSpaceTest {
  @Test
  void theRangeSharesTheKernelsPidLimitOutAmongNodes() {
    assertThat(PidSpace.DEFAULT.maxNodes()).isEqualTo(63);
    assertThat(new PidSpace(4096).maxNodes()).isEqualTo(1023);
    assertThat(new PidSpace(1024).maxNodes()).isEqualTo(PidSpace.MAX_NODE_NUMBER).isEqualTo(4095);
    // Node N's range ends within the limit for every node the space allows.
    for (int range = PidSpace.MIN_RANGE; range <= PidSpace.MAX_RANGE; range *= 2) {
      PidSpace pids = new PidSpace(range);
      assertThat((long) (pids.maxNodes() + 1) * range).isLessThanOrEqualTo(PidSpace.PID_LIMIT);
    }
  }

  @Test
  void aPidNamesItsNode() {
    PidSpace pids = new PidSpace(4096);
    assertThat(pids.nodeOf(1000L * 4096)).isEqualTo(1000);
    assertThat(pids.nodeOf(1001L * 4096 - 1)).isEqualTo(1000);
    assertThat(pids.nodeOf(300)).as("early-boot PIDs").isZero();
    assertThat(pids.holds(1023)).isTrue();
    assertThat(pids.holds(1024)).isFalse();
    assertThat(pids.holds(0)).isFalse();
    assertThat(pids.describe()).isEqualTo("node N has PIDs N*4096 to (N+1)*4096-1, N = 1..1023");
  }

  @Test
  void aRangeTheKernelCannotShareOutIsRefusedNamingTheChoices() {
    for (int bad : new int[] {0, 512, 1023, 3000, 131072, -4096}) {
      assertThatThrownBy(() -> new PidSpace(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("power of two from 1024 to 65536").hasMessageContaining("got " + bad);
    }
    assertThatThrownBy(() -> PidSpace.DEFAULT.requireNode(64))
        .hasMessage("node must be 1..63 (the cluster's PID range is 65536 PIDs per node), got 64");
  }
}
