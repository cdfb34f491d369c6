package io.unum.orchestrator.placement;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exec-time placement of a new program, MOSIX-style: the running node where it would get the
 * most CPU. A node's demand is what it is doing now (its runnable processes, or its CPU use when
 * that says more), the program itself, and the programs placed there in the last
 * {@link #MEMORY_MILLIS}, which no report shows yet (without that memory a burst of runs would
 * all land on the same node), per CPU; a node on an overloaded host counts as that much slower,
 * from the same host loads the balancer weighs.
 */
public final class ExecPlacement {
  /** How long a placement counts as demand of its own: until the node's reports show it. */
  static final long MEMORY_MILLIS = 3_000;

  /**
   * A node that may take the program.
   *
   * @param runnable   its processes in state R at the last report (the agent's own scan included)
   * @param cpuPercent its CPU use over the last second, all CPUs together (0..100)
   * @param hostPressure its host's CPU demand over its capacity (1 = full; 0 when not known)
   */
  public record Candidate(int node, int cpus, int runnable, double cpuPercent, int processes, double hostPressure) {

    /** A node whose host's load is not known. */
    public Candidate(int node, int cpus, int runnable, double cpuPercent, int processes) {
      this(node, cpus, runnable, cpuPercent, processes, 0);
    }
  }

  private final Map<Integer, Deque<Long>> placed = new HashMap<>();

  /** The best node at {@code nowMillis}, remembered as placed; empty when there is none. */
  public synchronized Optional<Integer> choose(List<Candidate> candidates, long nowMillis) {
    forgetBefore(nowMillis - MEMORY_MILLIS);
    Optional<Candidate> best = candidates.stream()
        .min(Comparator.comparingDouble((Candidate c) -> cost(c))
            .thenComparingDouble(Candidate::hostPressure)
            .thenComparingInt(Candidate::processes)
            .thenComparingInt(Candidate::node));
    best.ifPresent(c -> placed.computeIfAbsent(c.node(), n -> new ArrayDeque<>()).addLast(nowMillis));
    return best.map(Candidate::node);
  }

  /** The program's slowdown there: demand per CPU with it, times the host's overload. */
  double cost(Candidate c) {
    return (demandPerCpu(c) + 1.0 / Math.max(1, c.cpus())) * Math.max(1, c.hostPressure());
  }

  double demandPerCpu(Candidate c) {
    int cpus = Math.max(1, c.cpus());
    double busy = Math.max(c.runnable(), c.cpuPercent() / 100.0 * cpus);
    Deque<Long> recent = placed.get(c.node());
    return (busy + (recent == null ? 0 : recent.size())) / cpus;
  }

  private void forgetBefore(long cutoff) {
    placed.values().forEach(times -> {
      while (!times.isEmpty() && times.peekFirst() < cutoff) {
        times.pollFirst();
      }
    });
    placed.values().removeIf(Deque::isEmpty);
  }
}
