package io.unum.orchestrator.cluster;

import java.io.Serializable;

/**
 * One node's desired state as the control plane stores it: the spec, or a tombstone when the
 * node was removed, with a revision that grows with every change. Tombstones let a restarted
 * cluster tell a removed node from one a stale host still remembers: the higher revision wins.
 *
 * @param spec     the node's spec; null for a tombstone
 */
public record SpecRecord(int node, NodeSpec spec, long revision) implements Serializable {

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

  /** The record that follows this one with {@code next} (null to remove the node). */
  public SpecRecord then(NodeSpec next) {
    return new SpecRecord(node, next, revision + 1);
  }

  public static SpecRecord first(NodeSpec spec) {
    return new SpecRecord(spec.node(), spec, 1);
  }
}
