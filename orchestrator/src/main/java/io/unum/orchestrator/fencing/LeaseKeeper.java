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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's lease: renews it every second, tells the watchdog how long it holds, and
 * when it runs out or is revoked destroys this host's guests before anything else (the majority
 * restarts them elsewhere once the term and a margin have passed). A revoked lease is taken again
 * once the guests are gone; nodes still bound here then start again.
 */
public final class LeaseKeeper implements Fencing, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final long SILENCE_FIRST_WARNING_SECONDS = 5;
  private static final long SILENCE_WARNING_EVERY_SECONDS = 10;
  /** Gaps between renewals this long or longer are kept for the status (renewals come every second). */
  private static final Duration GAP_WORTH_NOTING = Duration.ofSeconds(2);
  private static final int GAPS_KEPT = 10;
  private final HostLease lease;
  private final Watchdog watchdog;
  private final SelfFence fence;
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

  /** @param domainPrefix the names of Unum's domains, all of which a fence destroys */
  public LeaseKeeper(String host, LeaseStore store, Watchdog watchdog, Hypervisor hypervisor, String domainPrefix) {
    this(new HostLease(host, store, FenceTimes.TERM, System::nanoTime), watchdog, new SelfFence(hypervisor, domainPrefix));
  }

  LeaseKeeper(HostLease lease, Watchdog watchdog, SelfFence fence) {
    this.lease = lease;
    this.watchdog = watchdog;
    this.fence = fence;
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
          fence("the lease ran out: no renewal for " + FenceTimes.TERM.toSeconds() + " s (" + lease.lastProblem() + ")");
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
    long silent = FenceTimes.TERM.toSeconds() - left;
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

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
