package io.unum.orchestrator.testing;

import io.unum.orchestrator.cluster.SharedValue;
import java.util.Objects;
import java.util.Optional;

/** A {@link SharedValue} in memory, for unit tests. */
public final class InMemoryValue<T> implements SharedValue<T> {
  private T value;

  @Override
  public synchronized Optional<T> get() {
    return Optional.ofNullable(value);
  }

  @Override
  public synchronized boolean replace(T expected, T next) {
    if (!Objects.equals(value, expected)) {
      return false;
    }
    value = next;
    return true;
  }
}
