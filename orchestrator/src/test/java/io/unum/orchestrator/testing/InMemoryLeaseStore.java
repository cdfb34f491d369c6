package io.unum.orchestrator.testing;

import io.unum.orchestrator.fencing.LeaseStore;
import io.unum.orchestrator.fencing.LeaseUnavailableException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Leases in memory, for unit tests; {@link #unavailable} plays a majority that does not answer. */
public final class InMemoryLeaseStore implements LeaseStore {
  private final Map<String, Long> counters = new ConcurrentHashMap<>();
  public volatile boolean unavailable;

  @Override
  public synchronized long read(String host) {
    answerable();
    return counters.getOrDefault(host, 0L);
  }

  @Override
  public synchronized boolean compareAndSet(String host, long expected, long next) {
    answerable();
    if (counters.getOrDefault(host, 0L) != expected) {
      return false;
    }
    counters.put(host, next);
    return true;
  }

  /** The counter as it is, whatever the majority's mood. */
  public synchronized long value(String host) {
    return counters.getOrDefault(host, 0L);
  }

  private void answerable() {
    if (unavailable) {
      throw new LeaseUnavailableException("the CP majority did not answer within 2000 ms", null);
    }
  }
}
