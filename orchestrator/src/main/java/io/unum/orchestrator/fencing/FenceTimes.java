package io.unum.orchestrator.fencing;

import java.time.Duration;

/**
 * The fence chain's numbers, in one place (ARCHITECTURE.md states them). A host renews its lease
 * every {@link #RENEW_EVERY}; a renewal holds for {@link #TERM} from the moment it was asked for
 * ({@link #RESTART_GRACE} for the last one before an asked-for restart). A host whose lease runs out
 * destroys its guests, and its watchdog kills their QEMUs at the same moment should the
 * orchestrator be hung. The majority takes a host's nodes only when it has seen that host's
 * counter stand still for what the last renewal holds + {@link #MARGIN} on its own clock: by then
 * the renewal has expired and the host's guests are dead, whatever state its orchestrator is in.
 */
public final class FenceTimes {
  public static final Duration RENEW_EVERY = Duration.ofSeconds(1);
  /** How long a call to the majority may take: longer ones count as not answered. */
  public static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
  /**
   * Short enough that a lost host's nodes run again within ~30 s (term + margin + a watch + their
   * boot), long enough to ride out the CP subsystem's own stalls with room to spare on a loaded
   * machine. Measured in the lab (3 hosts, TCG guests): the other hosts' renewals wait ~2.5 s when
   * a host powers off, ~4 s when the leader's host is cut off, 10 s when a CP member's orchestrator
   * hangs; an orchestrator killed and started again renews 7-12 s after its last renewal. A restart
   * asked for ({@code unum restart}) has {@link #RESTART_GRACE}.
   */
  public static final Duration TERM = Duration.ofSeconds(18);
  /**
   * What the last renewal before an asked-for restart holds: a restarted orchestrator renews
   * within ~20 s on a loaded lab machine, all of them restarted at once included.
   */
  public static final Duration RESTART_GRACE = Duration.ofSeconds(60);
  /**
   * The watchdog's poll (0.2 s; it runs at the daemon's priority, above the guests), a kill, and a
   * clock running slightly fast (NTP slews at most 0.05 %: 30 ms over a grace): five polls' room.
   * The majority's watch starts when it first sees a value, after the renewal was asked for: that
   * delay is on the safe side too.
   */
  public static final Duration MARGIN = Duration.ofSeconds(1);
  /**
   * How long a host that found its lease revoked waits, from then, before it takes one again. The
   * majority rebinds the host's nodes just after revoking; a host that took its lease back at once
   * restarted a node still bound to it while the majority moved it (seen in the lab: the disk's
   * lock refused the second copy, which stayed failed). Pinned nodes, which stay, start this late.
   */
  public static final Duration RETAKE_AFTER = Duration.ofSeconds(10);
  /**
   * How often every member reads the other hosts' counters: a lost host's lease is seen to stand
   * still, and revoked, within this of the moment it may be.
   */
  public static final Duration WATCH_EVERY = Duration.ofMillis(500);

  private FenceTimes() {
  }

  /** How long a host's lease must be seen standing still before the majority revokes it, after a renewal. */
  public static Duration revokeAfter() {
    return TERM.plus(MARGIN);
  }

  /** How long a lease whose counter stands at {@code value} must be seen standing still before it is revoked. */
  static Duration revokeAfter(long value) {
    return LeaseCounter.holds(value).plus(MARGIN);
  }
}
