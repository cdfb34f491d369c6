package io.unum.orchestrator.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.boot.FakeHypervisor;
import io.unum.orchestrator.cluster.LeaseReport;
import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.PowerState;
import io.unum.orchestrator.testing.InMemoryLeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
  private static final long SECOND = 1_000_000_000L;
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final AtomicLong clock = new AtomicLong(0);
  private final FakeHypervisor hypervisor = new FakeHypervisor();
  private final List<Duration> pets = new ArrayList<>();
  private final AtomicBoolean restartAsked = new AtomicBoolean();
  private final LeaseKeeper keeper = new LeaseKeeper(new HostLease("a", store, clock::get),
      new Watchdog() {
        @Override
        public void pet(Duration validFor) {
          pets.add(validFor);
        }

        @Override
        public String describe() {
          return "test watchdog";
        }
      }, new SelfFence(hypervisor, "unum-node"), restartAsked::get, this::pause);
  /** Pauses between parting attempts; the majority answers again after {@link #answersAfterPauses} of them. */
  private int pauses;
  private int answersAfterPauses = Integer.MAX_VALUE;
  /** The stay after a parting renewal, in milliseconds; 0 before. */
  private long stayed;

  private void pause(long millis) {
    clock.addAndGet(millis * 1_000_000);
    if (store.value("a") % 2 == 1) {
      stayed += millis;
      return;
    }
    if (++pauses >= answersAfterPauses) {
      store.unavailable = false;
    }
  }

  @BeforeEach
  void guests() {
    hypervisor.add("unum-node1", PowerState.RUNNING);
    hypervisor.add("unum-node2", PowerState.PAUSED);
  }

  private List<String> running() {
    return hypervisor.list("unum-node").stream().filter(d -> d.state().isActive()).map(DomainStatus::name).sorted()
        .toList();
  }

  @Test
  void aPartingRenewalTheMajorityDoesNotAnswerIsTriedAgainUntilItDoes() {
    keeper.tick();
    store.unavailable = true;
    answersAfterPauses = 3;
    keeper.part();
    assertThat(pauses).isEqualTo(3);
    assertThat(store.value("a") % 2).as("odd: a parting renewal").isEqualTo(1);
    assertThat(pets.get(pets.size() - 1)).as("the watchdog told the grace").isEqualTo(FenceTimes.RESTART_GRACE);
    assertThat(stayed).as("a member a while longer, for the hosts restarted with it to part")
        .isEqualTo(LeaseKeeper.STAY_AFTER_PARTING.toMillis());
  }

  @Test
  void aPartingRenewalIsTriedForItsPatienceAtMost() {
    keeper.tick();
    store.unavailable = true;
    keeper.part();
    assertThat(pauses).as("a try a second for 8 s").isEqualTo((int) LeaseKeeper.PARTING_PATIENCE.toSeconds());
    assertThat(store.value("a") % 2).isZero();
  }

  @Test
  void aPartingRenewalIsNotTriedOnceTheLeaseLeavesNoTimeForACall() {
    keeper.tick();
    store.unavailable = true;
    clock.addAndGet(FenceTimes.TERM.toNanos() - 4 * SECOND);
    keeper.part();
    assertThat(pauses).as("tried with 4, 3 and 2 s left: a call may take 2 s").isEqualTo(2);
    assertThat(store.value("a") % 2).isZero();
    assertThat(pets).containsExactly(FenceTimes.TERM);
  }

  @Test
  void eachRenewalTellsTheWatchdogTheWholeTerm() {
    keeper.tick();
    clock.addAndGet(SECOND);
    keeper.tick();
    assertThat(pets).containsExactly(FenceTimes.TERM, FenceTimes.TERM);
    assertThat(keeper.holdsLease()).isTrue();
    assertThat(keeper.summary()).startsWith("lease held");
  }

  @Test
  void theReportKeepsTheGapsTheMajorityLeftBetweenRenewals() {
    assertThat(keeper.report().ageSeconds()).as("not held yet").isNull();
    keeper.tick();
    clock.addAndGet(SECOND);
    keeper.tick();
    assertThat(keeper.report().recentGaps()).as("a second between renewals is no gap").isEmpty();
    store.unavailable = true;
    clock.addAndGet(3 * SECOND);
    keeper.tick();
    clock.addAndGet(4 * SECOND);
    assertThat(keeper.report().ageSeconds()).isEqualTo(7.0);
    store.unavailable = false;
    keeper.tick();
    LeaseReport report = keeper.report();
    assertThat(report.recentGaps()).extracting(LeaseReport.Gap::seconds).containsExactly(7.0);
    assertThat(report.ageSeconds()).isZero();
    assertThat(report.termSeconds()).isEqualTo(FenceTimes.TERM.toSeconds());
  }

  @Test
  void aLeaseThatRunsOutDestroysEveryGuestAndStopsPettingTheWatchdog() {
    keeper.tick();
    store.unavailable = true;
    clock.addAndGet(FenceTimes.TERM.toNanos() - SECOND);
    keeper.tick();
    assertThat(running()).as("within the term").containsExactly("unum-node1", "unum-node2");
    clock.addAndGet(SECOND);
    keeper.tick();
    assertThat(running()).isEmpty();
    assertThat(pets).hasSize(1);
    assertThat(keeper.holdsLease()).isFalse();
    assertThat(keeper.summary()).contains("lost: the lease ran out").contains("did not answer");
  }

  @Test
  void aHostThatNeverHeldItsLeaseInThisLifeLeavesItsGuestsToTheWatchdog() {
    // An orchestrator restarted while the majority is slow: its last life's term is the watchdog's.
    store.unavailable = true;
    keeper.tick();
    clock.addAndGet(90 * SECOND);
    keeper.tick();
    assertThat(running()).containsExactly("unum-node1", "unum-node2");
    assertThat(keeper.holdsLease()).isFalse();
  }

  @Test
  void aRevokedLeaseFencesTheHostBeforeItTakesANewOne() {
    keeper.tick();
    store.compareAndSet("a", 2, -3);
    clock.addAndGet(SECOND);
    keeper.tick();
    assertThat(running()).isEmpty();
    assertThat(keeper.holdsLease()).as("not while the majority may still be moving its nodes").isFalse();
    assertThat(store.value("a")).isEqualTo(-3);
    clock.addAndGet(FenceTimes.RETAKE_AFTER.toNanos());
    keeper.tick();
    assertThat(store.value("a")).as("a new lease, under a value the revocation never saw").isEqualTo(4);
    assertThat(keeper.holdsLease()).isTrue();
    assertThat(pets).hasSize(2);
  }

  @Test
  void aRevokedLeaseIsNotTakenAgainWhileTheGuestsCannotBeDestroyed() {
    keeper.tick();
    store.compareAndSet("a", 2, -3);
    hypervisor.failing = "libvirt at fake:/// did not answer within 10 s";
    keeper.tick();
    assertThat(store.value("a")).isEqualTo(-3);
    assertThat(pets).hasSize(1);
  }

  @Test
  void closedForARestartItPartsWithTheGraceAndTellsTheWatchdog() {
    keeper.tick();
    restartAsked.set(true);
    keeper.close();
    assertThat(pets).containsExactly(FenceTimes.TERM, FenceTimes.RESTART_GRACE);
    assertThat(LeaseCounter.holds(store.value("a"))).isEqualTo(FenceTimes.RESTART_GRACE);
  }

  @Test
  void closedForAStopItLeavesTheTermAsItIs() {
    keeper.tick();
    keeper.close();
    assertThat(pets).containsExactly(FenceTimes.TERM);
    assertThat(store.value("a")).isEqualTo(2);
  }
}
