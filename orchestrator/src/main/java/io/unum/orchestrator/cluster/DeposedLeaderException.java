package io.unum.orchestrator.cluster;

/** A leader's write refused because a newer leader already wrote the record: this host no longer leads. */
public final class DeposedLeaderException extends RuntimeException {
  private final long newer;
  private final long own;

  DeposedLeaderException(String what, long newer, long own) {
    super(what + " was written by the leader of epoch " + newer + "; this host's epoch " + own
        + " is older, so it no longer leads and changes nothing");
    this.newer = newer;
    this.own = own;
  }

  /** The epoch of the leader that wrote the record. */
  public long newer() {
    return newer;
  }

  /** The epoch the refused write carried. */
  public long own() {
    return own;
  }
}
