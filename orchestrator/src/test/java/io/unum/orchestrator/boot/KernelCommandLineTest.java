package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;
import org.junit.jupiter.api.Test;

class KernelCommandLineTest {
  private static final PidSpace PIDS = new PidSpace(65536);

  @Test
  void extraArgumentsComeAfterUnumsOwn() {
    String line = KernelCommandLine.of(new NodeSpec(2, 1, 512, "loglevel=7 foo=\"a b\"", true), "10.0.0.2/24", PIDS);
    assertThat(line).contains("unum.node=2 unum.pid_range=65536 unum.ip=10.0.0.2/24")
        .endsWith(" loglevel=7 foo=\"a b\"");
  }

  @Test
  void aNodesIdentityCannotBeSetThroughItsKernelArguments() {
    for (String args : new String[] {"unum.node=2", "quiet unum.pid_range=4096", "\"unum.ip=10.0.0.9/24\"",
        "UNUM.NODE=3", "unum.pid-range=1", "-- unum.node=7", "unum.agent.opts=-Xmx1g"}) {
      assertThatThrownBy(() -> KernelCommandLine.requireNoReservedKeys(args)).as(args)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("kernelArgs may not set ");
    }
    assertThatThrownBy(() -> KernelCommandLine.requireNoReservedKeys("quiet unum.pid_range=4096"))
        .hasMessageStartingWith("kernelArgs may not set unum.pid_range:");
    KernelCommandLine.requireNoReservedKeys("init=/bin/sh xunum.node=2 foo=\"unum.node=2\"");
    KernelCommandLine.requireNoReservedKeys(null);
  }

  @Test
  void aStoredSpecThatSetsUnumKeysHasThemDroppedAtBoot() {
    String line = KernelCommandLine.of(new NodeSpec(3, 1, 512, "unum.node=2 loglevel=7 \"unum.ip=1.2.3.4/8\"", true),
        "10.0.0.3/24", PIDS);
    assertThat(line).contains("unum.node=3 ").doesNotContain("unum.node=2").doesNotContain("1.2.3.4")
        .endsWith(" loglevel=7");
  }

  @Test
  void wordsSplitAsTheKernelSplitsThem() {
    assertThat(KernelCommandLine.words("  a b=\"c d\"\te  ")).containsExactly("a", "b=\"c d\"", "e");
  }
}
