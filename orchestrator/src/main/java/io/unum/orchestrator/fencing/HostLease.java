package io.unum.orchestrator.fencing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * This host's lease, as its holder sees it: valid for what the value it wrote holds
 * ({@link LeaseCounter#holds}) from the moment the last renewal that succeeded was asked for (never
 * from when its answer came: the majority may have committed it at any moment in between). A
 * revoked lease is taken again, under a new value, only after the host fenced itself.
 */
final class HostLease {
  /** How a renewal went. */
  enum Renewal {
    RENEWED,
    /** The majority took this host's nodes: it must fence itself before it takes a new lease. */
    REVOKED,
    /** The majority did not answer in time; the lease runs on until its term ends. */
    UNANSWERED
  }

  /** A renewal back this close to the end of the term counts as a possible lapse. */
  private static final long LAPSE_SLACK_NANOS = FenceTimes.RENEW_EVERY.toNanos();
  private final String host;
  private final LeaseStore store;
  private final LongSupplier nanos;
  // Written by the lease keeper's thread, read by any (the API, the leader's parts).
  private volatile boolean held;
  private volatile long validUntilNanos;
  /** What the last renewal that succeeded holds. */
  private volatile long heldForNanos;
  private volatile String lastProblem = "";
  /** How many times the lease may have run out in this process's life; only ever grows. */
  private volatile long lapses;
  /** When this process first saw its lease revoked, since it last held one; null: not seen. */
  private volatile Long revokedSeenNanos;

  HostLease(String host, LeaseStore store, LongSupplier nanos) {
    this.host = host;
    this.store = store;
    this.nanos = nanos;
  }

  /** Renews the lease for {@link FenceTimes#TERM}. */
  Renewal renew() {
    return renew(false);
  }

  /**
   * The last renewal before an asked-for restart: the lease holds for {@link FenceTimes#RESTART_GRACE},
   * so the next orchestrator finds its guests running. Renews nothing and returns false when the
   * lease is revoked or the majority does not answer.
   */
  boolean part() {
    return renew(true) == Renewal.RENEWED;
  }

  private Renewal renew(boolean parting) {
    long asked = nanos.getAsLong();
    long next;
    try {
      long current = store.read(host);
      if (current < 0) {
        if (revokedSeenNanos == null) {
          revokedSeenNanos = asked;
        }
        // Revoked: held no longer, whatever the last renewal's term says.
        validUntilNanos = Math.min(validUntilNanos, asked);
        return Renewal.REVOKED;
      }
      next = parting ? LeaseCounter.parting(current) : LeaseCounter.renewal(current);
      if (!store.compareAndSet(host, current, next)) {
        lastProblem = "the lease changed while it was renewed";
        return Renewal.UNANSWERED; // revoked just now, most likely: the next read says so
      }
    } catch (LeaseUnavailableException e) {
      lastProblem = e.getMessage();
      return Renewal.UNANSWERED;
    }
    holdFrom(asked, next);
    return Renewal.RENEWED;
  }

  private void holdFrom(long asked, long value) {
    revokedSeenNanos = null;
    // Back at, after, or just before the end of the term: the watchdog, told only after this, may
    // have fired (it reads its word every 0.2 s), so guests gone meanwhile may be its work.
    if (held && nanos.getAsLong() - validUntilNanos > -LAPSE_SLACK_NANOS) {
      lapses++;
    }
    heldForNanos = LeaseCounter.holds(value).toNanos();
    validUntilNanos = asked + heldForNanos;
    held = true;
  }

  /**
   * After this host fenced itself: a lease of its own again, under a value no revocation has seen;
   * after a revocation only once {@link FenceTimes#RETAKE_AFTER} has passed since it was first seen.
   */
  boolean takeAgain() {
    long asked = nanos.getAsLong();
    Long revoked = revokedSeenNanos;
    if (revoked != null && asked - revoked < FenceTimes.RETAKE_AFTER.toNanos()) {
      lastProblem = "revoked by the majority, which moves this host's nodes: a lease again in "
          + Duration.ofNanos(FenceTimes.RETAKE_AFTER.toNanos() - (asked - revoked)).toSeconds() + " s";
      return false;
    }
    try {
      long current = store.read(host);
      // -current is past the value the revocation saw, so no revocation in flight can take this one.
      long next = current < 0 ? LeaseCounter.renewal(-current) : 0;
      if (current >= 0 || !store.compareAndSet(host, current, next)) {
        return current >= 0 && renew() == Renewal.RENEWED;
      }
      holdFrom(asked, next);
      return true;
    } catch (LeaseUnavailableException e) {
      lastProblem = e.getMessage();
      return false;
    }
  }

  /** This host fenced itself (its guests destroyed), whatever the term says. */
  void lapsed() {
    lapses++;
  }

  /**
   * How many times, in this process's life, the lease may have run out (renewed only at or near
   * the end of its term, or revoked) or this host fenced itself: a guest that vanished while this
   * changed may have been killed by the fence or the watchdog, not by a fault of its own.
   */
  long lapses() {
    return lapses;
  }

  /** Whether this process ever held the lease. */
  boolean everHeld() {
    return held;
  }

  boolean valid() {
    return held && nanos.getAsLong() - validUntilNanos < 0;
  }

  /** What is left of the term; zero once it ended. */
  Duration remaining() {
    return held ? Duration.ofNanos(Math.max(0, validUntilNanos - nanos.getAsLong())) : Duration.ZERO;
  }

  /** How long ago the last renewal that succeeded was asked for; null before the first. */
  Duration age() {
    return held ? Duration.ofNanos(nanos.getAsLong() - (validUntilNanos - heldForNanos)) : null;
  }

  /** Why the last renewal failed ("" when none did). */
  String lastProblem() {
    return lastProblem;
  }
}
