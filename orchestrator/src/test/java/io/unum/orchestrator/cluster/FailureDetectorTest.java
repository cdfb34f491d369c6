package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The verdicts of the failure detector, on a clock the test moves (3 s to suspect, a 10 s deadline). */
class FailureDetectorTest {
  private static final long SECOND = 1_000_000_000L;
  private static final HostInfo INFO = new HostInfo("b", 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.2",
      "10.0.0.2:7070", "k", "i", 0, true, null);

  private final FailureDetector detector = new FailureDetector(Duration.ofSeconds(10));
  private long now = 1000 * SECOND; // any origin: only differences count
  private HostStatus host = new HostStatus(INFO, "member-1", HostState.UP, 0, 0);
  private long beat;

  /** What the detector says after {@code seconds} more, the host beating every second meanwhile if {@code beating}. */
  private HostState after(double seconds, boolean beating, boolean memberLive) {
    HostState verdict = detector.assess(host, memberLive, now);
    for (int tenth = 1; tenth <= Math.round(seconds * 10); tenth++) {
      now += SECOND / 10;
      if (beating && tenth % 10 == 0) {
        host = host.withHeartbeat(++beat);
      }
      verdict = detector.assess(host, memberLive, now);
    }
    return verdict;
  }

  /** As a leader would: the verdict is written. */
  private HostState judged(double seconds, boolean beating, boolean memberLive) {
    HostState verdict = after(seconds, beating, memberLive);
    host = host.withState(verdict, 0);
    return verdict;
  }

  @Test
  void aHostHeardEverySecondStaysUp() {
    assertThat(judged(60, true, true)).isEqualTo(HostState.UP);
  }

  @Test
  void silentForThreeSecondsIsSuspectAndForTheDeadlineDown() {
    judged(5, true, true);
    assertThat(judged(2.9, false, true)).isEqualTo(HostState.UP);
    assertThat(judged(0.2, false, true)).isEqualTo(HostState.SUSPECT);
    assertThat(judged(6.8, false, true)).as("9.9 s silent").isEqualTo(HostState.SUSPECT);
    assertThat(judged(0.1, false, true)).as("10 s silent").isEqualTo(HostState.DOWN);
    assertThat(judged(60, false, false)).isEqualTo(HostState.DOWN);
    assertThat(detector.silentNanos("b", now)).hasValue(70 * SECOND);
  }

  @Test
  void aHostHeardAgainIsUpAgain() {
    judged(5, true, true);
    assertThat(judged(4, false, true)).isEqualTo(HostState.SUSPECT);
    assertThat(judged(1, true, true)).as("its counter moved").isEqualTo(HostState.UP);
    assertThat(judged(15, false, true)).isEqualTo(HostState.DOWN);
    assertThat(judged(1, true, true)).isEqualTo(HostState.UP);
  }

  @Test
  void aHostWhoseMemberLeftIsSuspectAtOnceAndDownAtTheDeadline() {
    judged(5, true, true);
    assertThat(judged(0.1, false, false)).isEqualTo(HostState.SUSPECT);
    assertThat(judged(9.8, false, false)).isEqualTo(HostState.SUSPECT);
    assertThat(judged(0.2, false, false)).isEqualTo(HostState.DOWN);
  }

  @Test
  void aHostThatLeftCleanlyStaysLeft() {
    judged(5, true, true);
    host = host.withState(HostState.LEFT, 0);
    assertThat(judged(0.1, false, false)).isEqualTo(HostState.LEFT);
    assertThat(judged(60, false, false)).isEqualTo(HostState.LEFT);
  }

  @Test
  void aNewLeaderThatWatchedAllAlongDeclaresASilentHostDownAtOnce() {
    // Every member watches; none wrote a verdict (the silent host was the leader), so its entry says up.
    after(5, true, true);
    assertThat(after(9.9, false, true)).isEqualTo(HostState.SUSPECT);
    assertThat(host.state()).isEqualTo(HostState.UP);
    // Its member is dropped after ~10 s and this host is elected: its first verdict is down.
    assertThat(after(0.2, false, false)).isEqualTo(HostState.DOWN);
  }

  @Test
  void aWatcherThatJustStartedGivesASilentHostAWholeDeadlineOfItsOwn() {
    assertThat(judged(0, false, false)).as("member gone, whatever the history").isEqualTo(HostState.SUSPECT);
    assertThat(judged(9.9, false, false)).isEqualTo(HostState.SUSPECT);
    assertThat(judged(0.1, false, false)).isEqualTo(HostState.DOWN);
  }

  @Test
  void aWatcherThatJustStartedNeitherRevivesNorDowngradesADownHost() {
    host = host.withState(HostState.DOWN, 0);
    assertThat(judged(2, false, true)).as("seen, but not heard").isEqualTo(HostState.DOWN);
    assertThat(judged(5, false, false)).isEqualTo(HostState.DOWN);
    assertThat(judged(1, true, true)).isEqualTo(HostState.UP);
  }

  @Test
  void aHostSeenForTheFirstTimeIsTakenAsItsEntrySays() {
    assertThat(judged(0, false, true)).isEqualTo(HostState.UP);
    host = host.withState(HostState.SUSPECT, 0);
    FailureDetector fresh = new FailureDetector(Duration.ofSeconds(10));
    assertThat(fresh.assess(host, true, now)).isEqualTo(HostState.SUSPECT);
    assertThat(fresh.silentNanos("other", now)).isEmpty();
  }

  @Test
  void aHostRestartedUnderANewMemberIsHeard() {
    judged(5, true, true);
    assertThat(judged(30, false, false)).isEqualTo(HostState.DOWN);
    // It registers itself again under its new member id, its counter starting over.
    host = new HostStatus(INFO, "member-2", HostState.DOWN, 0, 0).withHeartbeat(1);
    assertThat(judged(0.1, false, true)).isEqualTo(HostState.UP);
  }

  @Test
  void aBusyHostWhoseBeatsComeLateIsSuspectButNotDown() {
    judged(5, true, true);
    for (int round = 0; round < 10; round++) {
      assertThat(judged(5, false, true)).isEqualTo(HostState.SUSPECT);
      assertThat(judged(1, true, true)).isEqualTo(HostState.UP);
    }
  }

  @Test
  void aDeadlineMustBePositive() {
    assertThatThrownBy(() -> new FailureDetector(Duration.ZERO)).hasMessageContaining("must be positive");
  }
}
