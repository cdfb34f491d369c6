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
  private final HostLease lease = new HostLease("a", store, Duration.ofSeconds(10), clock::get);

  @Test
  void aRenewalHoldsForTheTermFromWhenItWasAskedFor() {
    assertThat(lease.valid()).as("not held before the first renewal").isFalse();
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.RENEWED);
    assertThat(store.value("a")).isEqualTo(1);
    clock.addAndGet(9 * SECOND);
    assertThat(lease.valid()).isTrue();
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(1));
    clock.addAndGet(SECOND);
    assertThat(lease.valid()).isFalse();
    assertThat(lease.remaining()).isZero();
  }

  @Test
  void anUnansweredRenewalLeavesTheTermAsItWas() {
    assertThat(lease.age()).as("no age before the first renewal").isNull();
    lease.renew();
    store.unavailable = true;
    clock.addAndGet(5 * SECOND);
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.UNANSWERED);
    assertThat(lease.lastProblem()).contains("did not answer");
    assertThat(lease.remaining()).isEqualTo(Duration.ofSeconds(5));
    clock.addAndGet(7 * SECOND);
    assertThat(lease.age()).as("since the last renewal that succeeded, past the term too").isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aRevokedLeaseIsTakenAgainUnderANewValue() {
    lease.renew();
    lease.renew();
    assertThat(store.compareAndSet("a", 2, -3)).as("the majority revokes it").isTrue();
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.REVOKED);
    assertThat(lease.takeAgain()).isTrue();
    assertThat(store.value("a")).isEqualTo(3);
    assertThat(lease.valid()).isTrue();
    assertThat(lease.renew()).isEqualTo(HostLease.Renewal.RENEWED);
    assertThat(store.value("a")).isEqualTo(4);
  }

  @Test
  void aLeaseNeverRevokedIsSimplyRenewedByTakeAgain() {
    assertThat(lease.takeAgain()).isTrue();
    assertThat(store.value("a")).isEqualTo(1);
  }
}
