package io.unum.orchestrator.cluster;

import java.time.Duration;
import java.util.Optional;

/** One cluster-wide value, changed only by compare-and-set. */
public interface SharedValue<T> {

  Optional<T> get();

  /**
   * As {@link #get()}, for a reader that must not wait on a hung or lost member (a status): when
   * the control plane does not answer within {@code deadline}, the last value this host knows.
   */
  default Optional<T> getWithin(Duration deadline) {
    return get();
  }

  /** Replaces {@code expected} (null: no value yet) by {@code next}; false when it changed meanwhile. */
  boolean replace(T expected, T next);
}
