package io.unum.orchestrator.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Says whether each host is up, suspect or down from when this orchestrator last saw the host's
 * heartbeat counter move. Times are this orchestrator's own monotonic clock, passed in: the wall
 * clocks of two hosts are never compared. Pure: the caller reads the control plane and writes.
 */
public final class FailureDetector {
  /** A host not heard this long, or whose member left the membership, is suspect. */
  public static final Duration SUSPECT_AFTER = Duration.ofSeconds(3);
  /** How long a host may go unheard before it is down, unless the daemon is told otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /**
   * The last heartbeat seen of a host and when it was first seen here.
   *
   * @param moved whether it changed while watched; the first sighting says nothing of liveness
   */
  private record Heard(String memberId, long heartbeat, long atNanos, boolean moved) {}

  private final long suspectNanos;
  private final long deadlineNanos;
  private final Map<String, Heard> heard = new HashMap<>();

  /** @param deadline how long a host may go unheard before it is down */
  public FailureDetector(Duration deadline) {
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("the failure deadline must be positive, got " + deadline);
    }
    this.suspectNanos = SUSPECT_AFTER.toNanos();
    this.deadlineNanos = deadline.toNanos();
  }

  public Duration deadline() {
    return Duration.ofNanos(deadlineNanos);
  }

  /**
   * Notes what the control plane says of {@code host} now and answers the state it should have.
   *
   * @param memberLive whether the member that registered it is in the membership as seen here
   */
  public synchronized HostState assess(HostStatus host, boolean memberLive, long nowNanos) {
    Heard last = heard.get(host.name());
    if (last == null || !last.memberId().equals(host.memberId()) || last.heartbeat() != host.heartbeat()) {
      // A new member id is a heartbeat too: the host's orchestrator started again.
      last = new Heard(host.memberId(), host.heartbeat(), nowNanos, last != null);
      heard.put(host.name(), last);
    }
    long silent = nowNanos - last.atNanos();
    HostState state = host.state();
    if (state == HostState.LEFT) {
      return state; // it said goodbye; it comes back by registering itself again
    }
    if (memberLive && last.moved() && silent < suspectNanos) {
      return HostState.UP;
    }
    if (silent >= deadlineNanos) {
      return HostState.DOWN;
    }
    if (state == HostState.DOWN) {
      return state; // not heard since: a watcher that just started knows no better
    }
    if (!memberLive || silent >= suspectNanos) {
      return HostState.SUSPECT;
    }
    return state; // seen once, just now: nothing to say yet
  }

  /** How long {@code host}'s heartbeat has not moved here; empty when it was never seen. */
  public synchronized OptionalLong silentNanos(String host, long nowNanos) {
    Heard last = heard.get(host);
    return last == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, nowNanos - last.atNanos()));
  }
}
