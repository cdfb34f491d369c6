package io.unum.orchestrator.innode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many requests each node has under way, at most {@code limit} at once: a node's quota. */
final class NodeSlots {
  private final int limit;
  private final Map<Integer, AtomicInteger> used = new ConcurrentHashMap<>();

  NodeSlots(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** Takes one of the node's slots; false when all are taken. */
  boolean tryTake(int node) {
    AtomicInteger count = used.computeIfAbsent(node, n -> new AtomicInteger());
    if (count.incrementAndGet() > limit) {
      count.decrementAndGet();
      return false;
    }
    return true;
  }

  void give(int node) {
    used.get(node).decrementAndGet();
  }
}
