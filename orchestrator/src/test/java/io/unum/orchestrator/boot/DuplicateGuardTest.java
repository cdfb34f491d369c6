package io.unum.orchestrator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.boot.DuplicateGuard.Verdict;
import org.junit.jupiter.api.Test;

class DuplicateGuardTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long GRACE = DuplicateGuard.GRACE.toNanos();
  private final DuplicateGuard guard = new DuplicateGuard();

  /** One pass that sees node 7's second copy. */
  private Verdict pass(boolean rightfulRuns, boolean fencing, boolean holdsLease, long now) {
    Verdict verdict = guard.judge(7, rightfulRuns, fencing, holdsLease, now);
    guard.endPass();
    return verdict;
  }

  @Test
  void aCopyIsDestroyedOnlyOnceFencingProvedItASecondOneForTheWholeGrace() {
    assertThat(pass(true, true, true, 0)).isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, true, GRACE - 1)).isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, true, GRACE)).isEqualTo(Verdict.DESTROY);
  }

  @Test
  void withoutProofTheClockStartsAgain() {
    pass(true, true, true, 0);
    assertThat(pass(false, true, true, 3 * SECOND)).as("the bound host does not report it running")
        .isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, true, GRACE + SECOND)).isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, false, 2 * GRACE + SECOND)).as("this host lost its lease: it proves nothing")
        .isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, true, 3 * GRACE)).isEqualTo(Verdict.WAIT);
    assertThat(pass(true, true, true, 4 * GRACE)).isEqualTo(Verdict.DESTROY);
  }

  @Test
  void aCopyGoneBetweenPassesIsForgotten() {
    pass(true, true, true, 0);
    guard.endPass(); // a pass without it
    assertThat(pass(true, true, true, GRACE)).as("seen again: a new grace").isEqualTo(Verdict.WAIT);
  }

  @Test
  void withFencingOffACopyIsReportedOnceAndLeftAlone() {
    assertThat(pass(true, false, true, 0)).isEqualTo(Verdict.REPORT);
    assertThat(pass(true, false, true, 10 * GRACE)).isEqualTo(Verdict.WAIT);
    guard.endPass();
    assertThat(pass(true, false, true, 11 * GRACE)).as("gone and back: reported again").isEqualTo(Verdict.REPORT);
  }
}
