package io.unum.orchestrator.fencing;

import java.time.Duration;

/**
 * The fence chain's numbers, in one place (ARCHITECTURE.md states them). A host renews its lease
 * every {@link #RENEW_EVERY}; a renewal holds for {@link #TERM} from the moment it was asked for.
 * A host whose lease runs out destroys its guests, and its watchdog kills their QEMUs at the same
 * moment should the orchestrator be hung. The majority takes a host's nodes only when it has seen
 * that host's counter stand still for {@link #TERM} + {@link #MARGIN} on its own clock: by then the
 * host's last renewal has expired and its guests are dead, whatever state its orchestrator is in.
 */
public final class FenceTimes {
  public static final Duration RENEW_EVERY = Duration.ofSeconds(1);
  /** How long a call to the majority may take: longer ones count as not answered. */
  public static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
  /**
   * Long enough to ride out the CP subsystem's own stalls and an orchestrator's restart, with room
   * to spare on a loaded machine. Measured in the lab (3 hosts, TCG guests): the other hosts'
   * renewals wait ~2.5 s when a host powers off and ~4 s when the leader's host is cut off (its
   * member dropped on failed pings), 10 s when a CP member's orchestrator hangs (the heartbeat
   * deadline), and an orchestrator killed and started again renews ~10.5 s after its last renewal.
   * 60 s was chosen while Hazelcast's leadership balancing still stalled the group for a minute.
   */
  public static final Duration TERM = Duration.ofSeconds(30);
  /** The watchdog's poll (0.2 s), a kill, and a clock running slightly fast, with room to spare. */
  public static final Duration MARGIN = Duration.ofSeconds(5);

  private FenceTimes() {
  }

  /** How long a host's lease must be seen standing still before the majority revokes it. */
  public static Duration revokeAfter() {
    return TERM.plus(MARGIN);
  }
}
