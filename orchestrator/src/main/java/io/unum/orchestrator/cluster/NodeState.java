package io.unum.orchestrator.cluster;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of a node as observed by its host. The allowed moves are the edges of
 * {@link #canMoveTo}; anything else is a bug in a controller, not a user error.
 */
public enum NodeState {
  /** The domain exists in libvirt but is not started. */
  DEFINED,
  /** The domain runs; its agent has not said hello yet. */
  BOOTING,
  /** The agent said hello on this boot. */
  RUNNING,
  /** A power-off was requested. */
  STOPPING,
  /** The domain is not running, as asked. */
  STOPPED,
  /** The node did not come up, or died; see the status' error and console tail. */
  FAILED;

  /** Whether a controller may move a node from this state to {@code next}. */
  public boolean canMoveTo(NodeState next) {
    return next == this || successors().contains(next);
  }

  private Set<NodeState> successors() {
    return switch (this) {
      case DEFINED -> EnumSet.of(BOOTING, STOPPED, FAILED);
      case BOOTING -> EnumSet.of(RUNNING, STOPPING, STOPPED, FAILED);
      // RUNNING -> BOOTING: the node rebooted or its agent restarted and has to say hello again.
      case RUNNING -> EnumSet.of(BOOTING, STOPPING, STOPPED, FAILED);
      case STOPPING -> EnumSet.of(STOPPED, FAILED);
      case STOPPED -> EnumSet.of(DEFINED, BOOTING);
      case FAILED -> EnumSet.of(DEFINED, BOOTING, STOPPED);
    };
  }

  /** Lower-case name used in the API and CLI. */
  public String label() {
    return name().toLowerCase();
  }
}
