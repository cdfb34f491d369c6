package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HostLeaseTest {
  private static final long SECOND = 1_000_000_000L;
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final AtomicLong clock = new AtomicLong(100 * SECOND);
  private final HostLease lease = new HostLease("a", store, clock::get);
  private final long term = FenceTimes.TERM.toSeconds();

  @Test
  void aRenewalHoldsForTheTermFromWhenItWasAskedFor() {
    assertThat(lease.valid()).as("not held before the first renewal").isFalse();
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.RENEWED);
    assertThat(store.value("a")).as("even: a renewal for the term").isEqualTo(2);
    clock.addAndGet((term - 1) * SECOND);
    assertThat(lease.valid()).isTrue();
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(1));
    clock.addAndGet(SECOND);
    assertThat(lease.valid()).isFalse();
    assertThat(lease.remaining()).isZero();
  }

  @Test
  void aRenewalBackNearOrPastTheEndOfTheTermCountsAsALapse() {
    lease.renew();
    clock.addAndGet(SECOND);
    lease.renew();
    assertThat(lease.lapses()).as("renewed well within the term").isZero();
    clock.addAndGet(term * SECOND - SECOND / 2);
    lease.renew();
    assertThat(lease.lapses()).as("renewed half a second before the term ended: the watchdog may have fired")
        .isEqualTo(1);
    clock.addAndGet((term + 5) * SECOND);
    lease.renew();
    assertThat(lease.lapses()).as("renewed after the term").isEqualTo(2);
    lease.lapsed();
    assertThat(lease.lapses()).as("a fence counts too").isEqualTo(3);
  }

  @Test
  void aPartingRenewalHoldsForTheRestartGraceAndSaysSoInItsValue() {
    lease.renew();
    assertThat(lease.part()).isTrue();
    assertThat(store.value("a")).as("odd: a parting renewal").isEqualTo(5);
    assertThat(LeaseCounter.holds(store.value("a"))).isEqualTo(FenceTimes.RESTART_GRACE);
    assertThat(lease.remaining()).isEqualTo(FenceTimes.RESTART_GRACE);
    HostLease next = new HostLease("a", store, clock::get);
    assertThat(next.renew()).as("the next orchestrator renews for the term again").isEqualTo(HostLease.Renewal.RENEWED);
    assertThat(store.value("a")).isEqualTo(6);
    assertThat(next.remaining()).isEqualTo(FenceTimes.TERM);
  }

  @Test
  void aRevokedLeaseIsNotExtendedForARestart() {
    lease.renew();
    store.compareAndSet("a", 2, -3);
    assertThat(lease.part()).isFalse();
    assertThat(store.value("a")).isEqualTo(-3);
  }

  @Test
  void anUnansweredRenewalLeavesTheTermAsItWas() {
    assertThat(lease.age()).as("no age before the first renewal").isNull();
    lease.renew();
    store.unavailable = true;
    clock.addAndGet(5 * SECOND);
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.UNANSWERED);
    assertThat(lease.lastProblem()).contains("did not answer");
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(term - 5));
    clock.addAndGet(term * SECOND);
    assertThat(lease.age()).as("since the last renewal that succeeded, past the term too")
        .isEqualTo(Duration.ofSeconds(term + 5));
  }

  @Test
  void aRevokedLeaseIsTakenAgainUnderANewValue() {
    lease.renew();
    lease.renew();
    assertThat(store.compareAndSet("a", 4, -5)).as("the majority revokes it").isTrue();
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.REVOKED);
    clock.addAndGet(FenceTimes.RETAKE_AFTER.toNanos() - 1);
    assertThat(lease.takeAgain()).as("the majority may still be moving its nodes").isFalse();
    assertThat(lease.lastProblem()).contains("revoked");
    assertThat(store.value("a")).isEqualTo(-5);
    clock.addAndGet(1);
    assertThat(lease.takeAgain()).isTrue();
    assertThat(store.value("a")).as("past 4, for the term").isEqualTo(6);
    assertThat(lease.remaining()).isEqualTo(FenceTimes.TERM);
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.RENEWED);
    assertThat(store.value("a")).isEqualTo(8);
  }

  @Test
  void aLeaseNeverRevokedIsSimplyRenewedByTakeAgain() {
    assertThat(lease.takeAgain()).isTrue();
    assertThat(store.value("a")).isEqualTo(2);
  }

  @Test
  void aCounterNeverWrittenInThisGroupMayStandForAPartingRenewal() {
    // After a full restart or a reset the counters start at zero; a host may be mid-restart.
    assertThat(LeaseCounter.holds(0)).isEqualTo(FenceTimes.RESTART_GRACE);
    assertThat(LeaseCounter.holds(2)).isEqualTo(FenceTimes.TERM);
    assertThat(LeaseCounter.holds(3)).isEqualTo(FenceTimes.RESTART_GRACE);
    assertThat(LeaseCounter.renewal(3)).isEqualTo(4);
    assertThat(LeaseCounter.parting(4)).isEqualTo(7);
  }
}
