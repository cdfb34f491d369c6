package io.unum.orchestrator.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupPhasesTest {
  @Test
  void eachPhaseLastsFromTheEndOfTheOneBefore() {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    StartupPhases phases = new StartupPhases(clock::get);
    clock.addAndGet(500_000_000L);
    phases.ended("mesh");
    clock.addAndGet(12_400_000_000L);
    phases.ended("control plane");
    clock.addAndGet(100_000_000L);
    assertThat(phases).hasToString("mesh 0.5 s, control plane 12.4 s");
    assertThat(phases.totalMillis()).isEqualTo(13_000);
  }
}
