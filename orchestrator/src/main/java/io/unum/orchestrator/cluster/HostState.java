package io.unum.orchestrator.cluster;

/** Whether a host's orchestrator is in the control plane. */
public enum HostState {
  /** Its orchestrator is a member of the control plane. */
  UP,
  /** Its orchestrator shut down cleanly. */
  LEFT,
  /** Its orchestrator vanished without saying goodbye (crash, power, network). */
  DOWN;

  public String label() {
    return name().toLowerCase();
  }
}
