package io.unum.orchestrator.fencing;

import io.unum.orchestrator.cluster.LeaseReport;
import io.unum.orchestrator.hypervisor.Hypervisor;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's lease: renews it every second, tells the watchdog how long it holds, and
 * when it runs out or is revoked destroys this host's guests before anything else (the majority
 * restarts them elsewhere once the term and a margin have passed). A revoked lease is taken again
 * once the guests are gone; nodes still bound here then start again. Closed for an asked-for
 * restart, it parts with a renewal that holds for the restart grace.
 */
public final class LeaseKeeper implements Fencing, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final long SILENCE_FIRST_WARNING_SECONDS = 5;
  private static final long SILENCE_WARNING_EVERY_SECONDS = 10;
  /** Gaps between renewals this long or longer are kept for the status (renewals come every second). */
  private static final Duration GAP_WORTH_NOTING = Duration.ofSeconds(2);
  private static final int GAPS_KEPT = 10;
  /**
   * How long a parting renewal is tried again, a second after each failure: when every host
   * restarts at once, the CP group's leader may be leaving too, and a new one takes ~3 s to be
   * elected. Short enough for the whole stop to fit in the 30 s {@code unum restart} gives it.
   */
  static final Duration PARTING_PATIENCE = Duration.ofSeconds(8);
  /**
   * How long a host that parted stays a member before it leaves: hosts restarted together (`unum
   * restart` on each at once) then all part while the CP group is whole. A leave shrinks the group
   * one member at a time, and one that left before the next one's removal was committed left a group
   * of two with one member gone: the last host's parting found no majority (2 of 10 rounds in the
   * lab, whose guests were then killed at the end of the term).
   */
  static final Duration STAY_AFTER_PARTING = Duration.ofSeconds(3);
  private final HostLease lease;
  private final Watchdog watchdog;
  private final SelfFence fence;
  private final BooleanSupplier restartAsked;
  /** Waits the given milliseconds (between parting attempts, and after parting). */
  private final LongConsumer pause;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lease-keeper");
    t.setDaemon(true);
    return t;
  });
  /** Whether this host fenced itself since it last held its lease; the keeper's thread only. */
  private boolean fenced;
  private volatile String state = "not held yet";
  /** The longest silence of the majority warned of since the last renewal, in seconds; the keeper's thread only. */
  private long silenceWarned;
  /** The latest gaps between renewals; written by the keeper's thread, read by the API's. */
  private final Queue<LeaseReport.Gap> gaps = new ConcurrentLinkedQueue<>();

  /**
   * @param domainPrefix the names of Unum's domains, all of which a fence destroys
   * @param restartAsked whether this orchestrator stops to be started again (asked when it closes)
   */
  public LeaseKeeper(String host, LeaseStore store, Watchdog watchdog, Hypervisor hypervisor, String domainPrefix,
      BooleanSupplier restartAsked) {
    this(new HostLease(host, store, System::nanoTime), watchdog, new SelfFence(hypervisor, domainPrefix), restartAsked,
        LeaseKeeper::sleep);
  }

  LeaseKeeper(HostLease lease, Watchdog watchdog, SelfFence fence, BooleanSupplier restartAsked, LongConsumer pause) {
    this.lease = lease;
    this.watchdog = watchdog;
    this.fence = fence;
    this.restartAsked = restartAsked;
    this.pause = pause;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes the lease at once, then keeps it; a host starts no node until it holds it. */
  public LeaseKeeper start() {
    long every = FenceTimes.RENEW_EVERY.toMillis();
    thread.scheduleWithFixedDelay(this::tickSafely, 0, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("lease keeping failed; trying again in a second", e);
    }
  }

  void tick() {
    Duration sinceLast = lease.age(); // as this renewal is asked for: the gap it ends, if it succeeds
    switch (lease.renew()) {
      case RENEWED -> {
        noteGap(sinceLast);
        held();
      }
      case REVOKED -> {
        boolean guestsGone = fence("the majority revoked this host's lease (it was silent too long) and restarts"
            + " its nodes elsewhere");
        if (guestsGone && lease.takeAgain()) {
          held();
        }
      }
      case UNANSWERED -> {
        // Never held in this life: the watchdog keeps the last life's term, and fires when it ends.
        if (lease.everHeld() && !lease.valid()) {
          fence("the lease ran out: no renewal for " + lease.age().toSeconds() + " s (" + lease.lastProblem() + ")");
        } else if (lease.everHeld()) {
          warnOfSilence();
        }
      }
    }
  }

  private void noteGap(Duration sinceLast) {
    if (sinceLast != null && sinceLast.compareTo(GAP_WORTH_NOTING) >= 0) {
      if (gaps.size() == GAPS_KEPT) {
        gaps.poll();
      }
      gaps.add(new LeaseReport.Gap(System.currentTimeMillis(), sinceLast.toMillis() / 1000.0));
    }
  }

  /** Says so while renewals fail, before the term runs out: at 5 s of silence, then every 10 s. */
  private void warnOfSilence() {
    long left = lease.remaining().toSeconds();
    long silent = lease.age().toSeconds();
    if (silenceWarned == 0 ? silent >= SILENCE_FIRST_WARNING_SECONDS
        : silent - silenceWarned >= SILENCE_WARNING_EVERY_SECONDS) {
      LOG.warn("lease not renewed for {} s ({}); this host fences itself in {} s unless the majority answers",
          silent, lease.lastProblem(), left);
      silenceWarned = silent;
    }
  }

  private void held() {
    if (silenceWarned > 0) {
      LOG.info("lease renewed again after more than {} s without", silenceWarned);
      silenceWarned = 0;
    }
    watchdog.pet(lease.remaining());
    if (fenced) {
      LOG.info("this host holds its lease again; it runs the nodes bound to it now");
      fenced = false;
    }
    state = "held";
  }

  /** Destroys this host's guests; false when libvirt failed (the watchdog kills them then). */
  private boolean fence(String why) {
    state = "lost: " + why;
    lease.lapsed();
    try {
      List<String> destroyed = fence.run();
      if (!fenced || !destroyed.isEmpty()) {
        LOG.error("fencing this host: {}; destroyed {}", why, destroyed.isEmpty() ? "nothing (no guest ran)" : destroyed);
      }
      fenced = true;
      return true;
    } catch (RuntimeException e) {
      LOG.error("fencing this host: {}; libvirt failed ({}); {} kills the guests", why, e.getMessage(),
          watchdog.describe());
      return false;
    }
  }

  @Override
  public boolean leases() {
    return true;
  }

  @Override
  public boolean holdsLease() {
    return lease.valid();
  }

  @Override
  public long lapses() {
    return lease.lapses();
  }

  @Override
  public String summary() {
    Duration left = lease.remaining();
    return "lease " + state + (lease.valid() ? " (" + left.toMillis() / 100 / 10.0 + " s left of " : " (term ")
        + FenceTimes.TERM.toSeconds() + " s); a silent host's nodes restart elsewhere after "
        + FenceTimes.revokeAfter().toSeconds() + " s; " + watchdog.describe();
  }

  @Override
  public LeaseReport report() {
    Duration age = lease.age();
    return new LeaseReport(age == null ? null : age.toMillis() / 1000.0, FenceTimes.TERM.toSeconds(),
        List.copyOf(gaps));
  }

  /** Stops renewing; before an asked-for restart, parts with the restart grace first. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      // A renewal under way must not follow the parting one and shorten the lease again.
      thread.awaitTermination(2 * FenceTimes.CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (restartAsked.getAsBoolean()) {
      part();
    }
  }

  /**
   * The last renewal before a restart: the next orchestrator finds this host's guests running.
   * Tried again while the majority does not answer, as long as the lease leaves time for a call.
   */
  void part() {
    if (!lease.valid()) {
      LOG.warn("restarting without a lease ({}): the next orchestrator takes one before it starts any node", state);
      return;
    }
    Duration leftAtFirst = lease.remaining();
    while (!lease.part()) {
      Duration left = lease.remaining();
      if (leftAtFirst.minus(left).compareTo(PARTING_PATIENCE) >= 0
          || left.compareTo(FenceTimes.CALL_DEADLINE.plus(FenceTimes.RENEW_EVERY)) < 0
          || Thread.currentThread().isInterrupted()) {
        LOG.warn("the lease could not be extended for the restart ({}); it holds {} s more, then this host's guests"
            + " are killed unless an orchestrator renewed it", lease.lastProblem(), left.toSeconds());
        return;
      }
      pause.accept(FenceTimes.RENEW_EVERY.toMillis());
    }
    watchdog.pet(lease.remaining());
    LOG.info("leaving for a restart in {} s: this host's lease holds {} s more; an orchestrator that renews it by"
        + " then finds its nodes running", STAY_AFTER_PARTING.toSeconds(), lease.remaining().toSeconds());
    pause.accept(STAY_AFTER_PARTING.toMillis());
  }
}
