package io.unum.orchestrator.cluster;

/**
 * Whether this host's side of the control plane has a majority (a leader epoch can be read).
 * Changes made without one could be undone when a partition heals, so they are refused.
 */
@FunctionalInterface
public interface Quorum {

  boolean present();

  /** Fails with a 503-mapped error naming {@code action} unless there is a majority. */
  default void require(String action) {
    if (!present()) {
      throw new NoQuorumException("cannot " + action + ": the control plane has no majority of its hosts"
          + " here (a partition, or too few hosts up); retry when 'unum status' shows a leader");
    }
  }
}
