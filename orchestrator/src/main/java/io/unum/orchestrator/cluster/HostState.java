package io.unum.orchestrator.cluster;

/** Whether a host's orchestrator is in the control plane. */
public enum HostState {
  /** Its orchestrator is a member of the control plane and is heard. */
  UP,
  /**
   * Its orchestrator is silent or left the membership; it is not yet declared down. It takes no
   * new nodes or migrations, but nothing acts on it as if it were dead: it may only be busy.
   */
  SUSPECT,
  /** Its orchestrator shut down cleanly. */
  LEFT,
  /** Its orchestrator was not heard for the failure deadline (crash, power, network). */
  DOWN;

  public String label() {
    return name().toLowerCase();
  }

  /**
   * Whether others may act as if its orchestrator were gone (release its stopped nodes, drop its
   * tunnel): it left, or was declared down. A suspect host is not gone.
   */
  public boolean gone() {
    return this == LEFT || this == DOWN;
  }
}
