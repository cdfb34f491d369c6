package io.unum.orchestrator.fencing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * What one member saw of the hosts' lease counters, on its own clock: when each last moved. A
 * host is overdue once its counter stood still for the revocation bound of its value since this
 * member first saw that value; so a member that starts watching (a new leader) waits the whole
 * bound itself.
 */
final class LeaseWatch {
  private record Seen(long value, long sinceNanos) {}

  private final Map<String, Seen> seen = new HashMap<>();
  private final LongFunction<Duration> bound;

  /** @param bound how long a counter standing at a value must stand still to be overdue */
  LeaseWatch(LongFunction<Duration> bound) {
    this.bound = bound;
  }

  /** Records the counter read at {@code nanos}. */
  void saw(String host, long value, long nanos) {
    Seen before = seen.get(host);
    if (before == null || before.value() != value) {
      seen.put(host, new Seen(value, nanos));
    }
  }

  /** The held value to revoke when the host's counter stood still past the bound; empty otherwise. */
  OptionalLong overdue(String host, long nanos) {
    Seen last = seen.get(host);
    return last != null && last.value() >= 0 && nanos - last.sinceNanos() >= bound.apply(last.value()).toNanos()
        ? OptionalLong.of(last.value()) : OptionalLong.empty();
  }

  /** How long the host's counter has stood still, as far as this member saw. */
  Duration stillFor(String host, long nanos) {
    Seen last = seen.get(host);
    return last == null ? Duration.ZERO : Duration.ofNanos(nanos - last.sinceNanos());
  }
}
