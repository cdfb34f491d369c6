package io.unum.orchestrator.cluster;

/**
 * This host's standing as the control plane's leader, asked at the start of each leader pass:
 * the epoch it leads with now, which every write of the pass carries as its fencing token
 * ({@link LeaderStamp}), or {@link LeaderStamp#NONE} when it must not act as leader.
 */
@FunctionalInterface
public interface LeaderTerm {
  /** A term that never leads (hosts that only follow, and tests). */
  LeaderTerm NEVER = () -> LeaderStamp.NONE;

  /** The epoch to act with now; {@link LeaderStamp#NONE}: do not act. */
  long epoch();
}
