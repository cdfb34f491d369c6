package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BootPhaseTest {

  @Test
  void theConsoleMovesABootForwardNeverBack() {
    assertThat(BootPhase.seen(BootPhase.STARTING, "SeaBIOS\n")).isEqualTo(BootPhase.STARTING);
    assertThat(BootPhase.seen(BootPhase.STARTING, "[    0.000000] Linux version 6.1.0-unum\n"))
        .isEqualTo(BootPhase.KERNEL);
    assertThat(BootPhase.seen(BootPhase.KERNEL, "x\nunum-init: user space reached at 2.1 s\nunum-agent: ready on"))
        .as("several marks in one read: the furthest").isEqualTo(BootPhase.AGENT);
    assertThat(BootPhase.seen(BootPhase.AGENT, "Linux version 6.1")).as("never back").isEqualTo(BootPhase.AGENT);
    assertThat(BootPhase.seen(BootPhase.JOINED, "unum-agent: ready")).isEqualTo(BootPhase.JOINED);
    assertThat(BootPhase.INIT.label()).isEqualTo("init");
  }
}
