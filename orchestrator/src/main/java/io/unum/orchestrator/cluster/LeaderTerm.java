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

  /**
   * A write of this term was refused by a record stamped {@code stamp}, newer than its epoch:
   * moves the term's epoch past it when this host still holds the newest epoch (the record then
   * comes from before a reset of the CP subsystem, whose counter starts again at 0), so that the
   * next pass is accepted. Returns whether it did; a term that cannot never does.
   */
  default boolean overtake(long stamp) {
    return false;
  }
}
