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
  // Written by the lease keeper's thread, read by any (the API, the leader's parts).
  private volatile boolean held;
  private volatile long validUntilNanos;
  private volatile String lastProblem = "";

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
    validUntilNanos = asked + termNanos;
    held = true;
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
    validUntilNanos = asked + termNanos;
    held = true;
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

  /** How long ago the last renewal that succeeded was asked for; null before the first. */
  Duration age() {
    return held ? Duration.ofNanos(nanos.getAsLong() - (validUntilNanos - termNanos)) : null;
  }

  /** Why the last renewal failed ("" when none did). */
  String lastProblem() {
    return lastProblem;
  }
}
