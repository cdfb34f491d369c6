package io.unum.orchestrator.cluster;

import java.util.List;

/**
 * This host's lease in numbers, for monitoring and benchmarks (the status's {@code fencing} line
 * says it in words): how old the last renewal is, the term, and the latest stretches without one.
 *
 * @param ageSeconds seconds since the last renewal that succeeded was asked for (about 1 while the
 *                   majority answers); null before the first
 * @param recentGaps the latest stretches of 2 s or more between renewals, oldest first
 */
public record LeaseReport(Double ageSeconds, long termSeconds, List<Gap> recentGaps) {
  public LeaseReport {
    recentGaps = List.copyOf(recentGaps);
  }

  /** A stretch without renewal, ended by a renewal that succeeded at {@code endedAtMillis} (epoch ms). */
  public record Gap(long endedAtMillis, double seconds) {}
}
