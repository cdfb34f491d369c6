package io.unum.orchestrator.audit;

import java.util.function.LongSupplier;

/** Says when a recurring trouble is due to be reported again: at most once a minute, so a log is never flooded. */
final class OncePerMinute {
  static final long INTERVAL_MILLIS = 60_000;

  private final LongSupplier clock;
  private long lastMillis = Long.MIN_VALUE;

  OncePerMinute(LongSupplier clock) {
    this.clock = clock;
  }

  /** Whether to report now; if so, the next report is due a minute from now. */
  synchronized boolean due() {
    long now = clock.getAsLong();
    if (lastMillis != Long.MIN_VALUE && now - lastMillis < INTERVAL_MILLIS) {
      return false;
    }
    lastMillis = now;
    return true;
  }
}
