package io.unum.orchestrator.agentlink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinePaceTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstPassesAtOnceAndTheNextLineWaitsItsShare() {
    LinePace pace = new LinePace(1000, 100, 0);
    for (int i = 0; i < 100; i++) {
      assertThat(pace.take(0)).isZero();
    }
    assertThat(pace.take(0)).isEqualTo(SECOND / 1000);
    assertThat(pace.take(0)).isEqualTo(2 * SECOND / 1000);
  }

  @Test
  void aSteadySenderAtTheRateNeverWaits() {
    LinePace pace = new LinePace(1000, 10, 0);
    for (long t = 0; t < 5 * SECOND; t += SECOND / 1000) {
      assertThat(pace.take(t)).isZero();
    }
  }

  @Test
  void aFloodIsHeldToTheRateOverTime() {
    LinePace pace = new LinePace(1000, 100, 0);
    long now = 0;
    for (int i = 0; i < 10_100; i++) {
      now += pace.take(now); // the reader sleeps what it is told
    }
    assertThat(now).isBetween(10 * SECOND - SECOND / 100, 10 * SECOND + SECOND / 100);
  }

  @Test
  void idleTimeRefillsNoMoreThanTheBurst() {
    LinePace pace = new LinePace(1000, 100, 0);
    for (int i = 0; i < 100; i++) {
      pace.take(0);
    }
    long later = 60 * SECOND;
    for (int i = 0; i < 100; i++) {
      assertThat(pace.take(later)).isZero();
    }
    assertThat(pace.take(later)).isPositive();
  }
}
