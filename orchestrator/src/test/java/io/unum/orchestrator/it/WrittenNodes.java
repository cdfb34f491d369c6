package io.unum.orchestrator.it;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each node a stream of writes touched may look like after a crash: an acknowledged write
 * fixes it (present with these labels, or absent); a write left unanswered may or may not have
 * landed, so both outcomes stay possible until the cluster is read again. Pure, thread-safe.
 */
final class WrittenNodes {
  /** Each node's possible contents: empty = absent, else its labels. */
  private final Map<Integer, Set<Optional<Map<String, String>>>> possible = new TreeMap<>();
  private int acknowledged;
  private int unanswered;

  synchronized void acknowledged(int node, Optional<Map<String, String>> now) {
    possible.put(node, new HashSet<>(Set.of(now)));
    acknowledged++;
  }

  synchronized void unanswered(int node, Optional<Map<String, String>> perhaps) {
    possible.computeIfAbsent(node, n -> new HashSet<>(Set.of(Optional.empty()))).add(perhaps);
    unanswered++;
  }

  /** The nodes known to exist: the ones the next write may change or delete. */
  synchronized List<Integer> certainlyPresent() {
    return possible.entrySet().stream()
        .filter(e -> e.getValue().size() == 1 && e.getValue().iterator().next().isPresent())
        .map(Map.Entry::getKey).toList();
  }

  /**
   * Checks {@code listed} (node to labels, the stream's nodes only) against what may be, then takes
   * it as what is; returns what does not fit (an acknowledged write lost, a deleted node back).
   */
  synchronized List<String> check(Map<Integer, Map<String, String>> listed) {
    List<String> problems = new ArrayList<>();
    possible.forEach((node, states) -> {
      Optional<Map<String, String>> actual = Optional.ofNullable(listed.get(node));
      if (!states.contains(actual)) {
        problems.add("node " + node + " is " + actual.map(l -> "present with " + l).orElse("absent")
            + " but may only be " + states.stream().map(s -> s.map(l -> "present with " + l).orElse("absent")).toList());
      }
      states.clear();
      states.add(actual);
    });
    listed.keySet().stream().filter(node -> !possible.containsKey(node))
        .forEach(node -> problems.add("node " + node + " is listed but was never created"));
    return problems;
  }

  synchronized int acknowledgedCount() {
    return acknowledged;
  }

  synchronized int unansweredCount() {
    return unanswered;
  }
}
