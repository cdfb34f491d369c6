package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseWatchTest {
  private static final long SECOND = 1_000_000_000L;
  // 13 s after a value below 100, 40 s after one above.
  private final LeaseWatch watch = new LeaseWatch(value -> Duration.ofSeconds(value < 100 ? 13 : 40));

  @Test
  void aCounterStandingStillPastTheBoundIsOverdue() {
    watch.saw("b", 7, 0);
    watch.saw("b", 7, 12 * SECOND);
    assertThat(watch.overdue("b", 12 * SECOND)).isEmpty();
    assertThat(watch.overdue("b", 13 * SECOND)).hasValue(7);
    assertThat(watch.stillFor("b", 13 * SECOND)).isEqualTo(Duration.ofSeconds(13));
  }

  @Test
  void eachValueHasTheBoundOfItsOwn() {
    watch.saw("b", 7, 0);
    watch.saw("b", 101, SECOND);
    assertThat(watch.overdue("b", 14 * SECOND)).as("the bound of the value it stands at now").isEmpty();
    assertThat(watch.overdue("b", 41 * SECOND)).hasValue(101);
  }

  @Test
  void aMovingCounterIsNeverOverdue() {
    for (int second = 0; second <= 30; second++) {
      watch.saw("b", second, second * SECOND);
      assertThat(watch.overdue("b", second * SECOND)).isEmpty();
    }
  }

  @Test
  void aWatcherThatStartsLateWaitsTheWholeBoundItself() {
    // A new leader first reads the counter at 100 s; the host may have renewed just before.
    watch.saw("b", 7, 100 * SECOND);
    assertThat(watch.overdue("b", 105 * SECOND)).isEmpty();
    assertThat(watch.overdue("b", 113 * SECOND)).hasValue(7);
  }

  @Test
  void aRevokedOrUnseenLeaseIsNotOverdue() {
    watch.saw("b", -8, 0);
    assertThat(watch.overdue("b", 60 * SECOND)).isEmpty();
    assertThat(watch.overdue("c", 60 * SECOND)).isEmpty();
  }
}
