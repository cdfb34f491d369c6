package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * One node's desired state as the control plane stores it: the spec, or a tombstone when the
 * node was removed, with a revision that grows with every change. Tombstones let a restarted
 * cluster tell a removed node from one a stale host still remembers: the higher revision wins.
 *
 * @param spec        the node's spec; null for a tombstone
 * @param leaderEpoch the epoch of the newest leader that wrote it ({@link LeaderStamp}); not part
 *                    of which record wins: revisions decide that
 */
public record SpecRecord(int node, NodeSpec spec, long revision, long leaderEpoch) implements Serializable {

  /** A record no leader wrote. */
  public SpecRecord(int node, NodeSpec spec, long revision) {
    this(node, spec, revision, LeaderStamp.NONE);
  }

  public boolean removed() {
    return spec == null;
  }

  /**
   * Whether this record wins over {@code other} (null: nothing) for the same node: the higher
   * revision; at equal revisions (two sides of a split wrote the same step) a tombstone, so a
   * deleted node never comes back; between two specs, the greater of their texts. Every host
   * decides the same, whichever copy it met first.
   */
  public boolean supersedes(SpecRecord other) {
    if (other == null || revision != other.revision) {
      return other == null || revision > other.revision;
    }
    if (removed() || other.removed()) {
      return removed() && !other.removed();
    }
    return spec.toString().compareTo(other.spec.toString()) > 0;
  }

  /** The record that follows this one with {@code next} (null to remove the node); not a leader's write. */
  public SpecRecord then(NodeSpec next) {
    return new SpecRecord(node, next, revision + 1, leaderEpoch);
  }

  /**
   * The record that follows this one with {@code next}, written by the leader of {@code epoch}
   * ({@link LeaderStamp#NONE}: by no leader).
   *
   * @throws DeposedLeaderException when a newer leader wrote this record
   */
  public SpecRecord then(NodeSpec next, long epoch) {
    return new SpecRecord(node, next, revision + 1, LeaderStamp.after(leaderEpoch, epoch, "node " + node + "'s spec"));
  }

  public static SpecRecord first(NodeSpec spec) {
    return new SpecRecord(spec.node(), spec, 1);
  }
}
