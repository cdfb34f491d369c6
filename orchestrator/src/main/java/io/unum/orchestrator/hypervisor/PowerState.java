package io.unum.orchestrator.hypervisor;

/** The few domain states the orchestrator acts on. */
public enum PowerState {
  RUNNING, PAUSED, SHUTOFF, CRASHED, OTHER;

  public boolean isActive() {
    return this == RUNNING || this == PAUSED;
  }
}
