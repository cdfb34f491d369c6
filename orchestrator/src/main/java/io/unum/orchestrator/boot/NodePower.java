package io.unum.orchestrator.boot;

/** What jobs need of the nodes: that one exists, and whether it should run. */
public interface NodePower {

  /** Fails (with a "no such node" error naming the ones that exist) unless the node exists. */
  void requireNode(int node);

  /**
   * The node should run; a failed one is given another boot. A job's step: it carries the epoch of
   * the leader that runs it, and is refused when a newer leader wrote the node's spec.
   *
   * @throws io.unum.orchestrator.cluster.DeposedLeaderException then, and nothing changed
   */
  void powerOn(int node, long leaderEpoch);

  /** The node should be powered off; as {@link #powerOn}, under the leader's epoch. */
  void powerOff(int node, long leaderEpoch);
}
