package io.unum.orchestrator.fencing;

import java.time.Duration;

/**
 * What a host's lease counter says besides "renewed": how long the renewal that wrote it holds.
 * An even value is a renewal good for {@link FenceTimes#TERM}; an odd one a parting renewal
 * before a restart, good for {@link FenceTimes#RESTART_GRACE}. Zero, never written since the CP
 * group formed (a full restart, a reset), may stand for a parting renewal the old group saw: the
 * majority grants it the grace too.
 */
final class LeaseCounter {
  private LeaseCounter() {
  }

  /** The value of a renewal of a lease that stands at {@code current} (zero or more). */
  static long renewal(long current) {
    return 2 * (current / 2 + 1);
  }

  /** The value of a parting renewal: the lease holds for the restart grace. */
  static long parting(long current) {
    return renewal(current) + 1;
  }

  /** How long the renewal that wrote {@code value} holds from when it was asked for. */
  static Duration holds(long value) {
    return value == 0 || value % 2 != 0 ? FenceTimes.RESTART_GRACE : FenceTimes.TERM;
  }
}
