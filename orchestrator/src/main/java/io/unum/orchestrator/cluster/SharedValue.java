package io.unum.orchestrator.cluster;

import java.util.Optional;

/** One cluster-wide value, changed only by compare-and-set. */
public interface SharedValue<T> {

  Optional<T> get();

  /** Replaces {@code expected} (null: no value yet) by {@code next}; false when it changed meanwhile. */
  boolean replace(T expected, T next);
}
