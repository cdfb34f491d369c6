package io.unum.orchestrator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.hypervisor.MigrationStats;
import org.junit.jupiter.api.Test;

/** A copy's figures as they are read: when it counts as stalled, and when its progress is recorded. */
class MigrationMonitorTest {
  private static final long T0 = 1_000_000;
  private static final long STALL = 30_000;
  private static final long MIB = 1 << 20;

  private final MigrationMonitor monitor = new MigrationMonitor(MigrationProgress.begun(3, "a", "b", T0), T0, STALL);

  /** Figures of a 512 MiB guest with {@code remaining} MiB left to send, in copy pass {@code pass}. */
  private static MigrationStats left(long remainingMib, long pass) {
    long total = 512 * MIB;
    return new MigrationStats(0, total, total - remainingMib * MIB, remainingMib * MIB, 0, 0, 0, pass);
  }

  @Test
  void aCopyThatKeepsShrinkingNeverStallsHoweverLongItTakes() {
    for (int second = 1; second <= 120; second++) {
      assertThat(monitor.observe(left(500 - 4L * second, 1), T0 + second * 1000L).stalled()).as("at %d s", second)
          .isFalse();
    }
  }

  @Test
  void aCopyIsStalledOnlyOnceItHasNotShrunkForLongerThanTheBound() {
    monitor.observe(left(100, 2), T0 + 1000);

    assertThat(monitor.observe(left(120, 3), T0 + 1000 + STALL).stalled()).as("at the bound").isFalse();
    assertThat(monitor.observe(left(100, 4), T0 + 1001 + STALL).stalled()).as("past it, no smaller").isTrue();
  }

  @Test
  void aCopyThatShrinksAgainInTimeStartsItsBoundAfresh() {
    monitor.observe(left(100, 2), T0 + 1000);
    monitor.observe(left(99, 3), T0 + 25_000);

    assertThat(monitor.observe(left(150, 4), T0 + 25_000 + STALL).stalled()).isFalse();
    assertThat(monitor.observe(left(150, 4), T0 + 25_001 + STALL).stalled()).isTrue();
  }

  @Test
  void progressIsRecordedWhenItMovesAndOtherwiseOnceASecond() {
    MigrationMonitor.Verdict first = monitor.observe(left(256, 1), T0 + 100);
    assertThat(first.record()).hasValueSatisfying(p -> assertThat(p.percent()).isEqualTo(50));

    assertThat(monitor.observe(left(255, 1), T0 + 200).record()).as("the same percent, 0.1 s later").isEmpty();
    assertThat(monitor.observe(left(255, 2), T0 + 300).record()).as("a new pass").isPresent();
    assertThat(monitor.observe(left(254, 2), T0 + 1299).record()).as("still under a second").isEmpty();
    assertThat(monitor.observe(left(254, 2), T0 + 1300).record()).as("a second since the last").isPresent();
  }
}
