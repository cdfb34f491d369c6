package io.unum.orchestrator.boot;

/** What jobs need of the nodes: that one exists, and whether it should run. */
public interface NodePower {

  /** Fails (with a "no such node" error naming the ones that exist) unless the node exists. */
  void requireNode(int node);

  /** The node should run; a failed one is given another boot. */
  void powerOn(int node);

  /** The node should be powered off. */
  void powerOff(int node);
}
