package io.unum.orchestrator.cluster;

/**
 * The fencing rule of leader-written records: a record carries the epoch of the newest leader
 * that wrote it, and a write by a leader of an older epoch is refused. A leader that lost its
 * majority (or stalled between its check and its write) can then never undo what a newer leader
 * decided; a write that is not a leader's decision (an operator's request, a host's report) keeps
 * the record's stamp.
 */
public final class LeaderStamp {
  /** The stamp of a record no leader wrote, and the epoch of a write that is not a leader's decision. */
  public static final long NONE = 0;

  private LeaderStamp() {
  }

  /**
   * The stamp {@code what} carries after a write by a leader of epoch {@code writer} (or by no
   * leader: {@link #NONE}) over a record stamped {@code record}.
   *
   * @throws DeposedLeaderException when a newer leader wrote the record already: nothing may change
   */
  public static long after(long record, long writer, String what) {
    if (writer == NONE) {
      return record;
    }
    if (record > writer) {
      throw new DeposedLeaderException(what, record, writer);
    }
    return writer;
  }
}
