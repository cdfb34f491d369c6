package io.unum.orchestrator.fencing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * This host's lease, as its holder sees it: valid for a term from the moment the last renewal
 * that succeeded was asked for (never from when its answer came: the majority may have committed
 * it at any moment in between). A revoked lease is taken again, under a new value, only after the
 * host fenced itself.
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

  private final String host;
  private final LeaseStore store;
  private final long termNanos;
  private final LongSupplier nanos;
  private boolean held;
  private long validUntilNanos;
  private String lastProblem = "";

  HostLease(String host, LeaseStore store, Duration term, LongSupplier nanos) {
    this.host = host;
    this.store = store;
    this.termNanos = term.toNanos();
    this.nanos = nanos;
  }

  Renewal renew() {
    long asked = nanos.getAsLong();
    try {
      long current = store.read(host);
      if (current < 0) {
        return Renewal.REVOKED;
      }
      if (!store.compareAndSet(host, current, current + 1)) {
        lastProblem = "the lease changed while it was renewed";
        return Renewal.UNANSWERED; // revoked just now, most likely: the next read says so
      }
    } catch (LeaseUnavailableException e) {
      lastProblem = e.getMessage();
      return Renewal.UNANSWERED;
    }
    held = true;
    validUntilNanos = asked + termNanos;
    return Renewal.RENEWED;
  }

  /** After this host fenced itself: a lease of its own again, under a value no revocation has seen. */
  boolean takeAgain() {
    long asked = nanos.getAsLong();
    try {
      long current = store.read(host);
      if (current >= 0 || !store.compareAndSet(host, current, -current)) {
        return current >= 0 && renew() == Renewal.RENEWED;
      }
    } catch (LeaseUnavailableException e) {
      lastProblem = e.getMessage();
      return false;
    }
    held = true;
    validUntilNanos = asked + termNanos;
    return true;
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

  /** Why the last renewal failed ("" when none did). */
  String lastProblem() {
    return lastProblem;
  }
}
