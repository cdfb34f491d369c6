package io.unum.orchestrator.testing;

import io.unum.orchestrator.fencing.LeaseStore;
import io.unum.orchestrator.fencing.LeaseUnavailableException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Leases in memory, for unit tests; {@link #unavailable} plays a majority that does not answer. */
public final class InMemoryLeaseStore implements LeaseStore {
  private final Map<String, Long> counters = new ConcurrentHashMap<>();
  public volatile boolean unavailable;
  /** Hosts whose lease cannot be read, as a counter whose CP proxy never comes. */
  public final Set<String> unreadable = ConcurrentHashMap.newKeySet();

  @Override
  public synchronized long read(String host) {
    answerable();
    if (unreadable.contains(host)) {
      throw new LeaseUnavailableException("cannot read host " + host + "'s lease", null);
    }
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
