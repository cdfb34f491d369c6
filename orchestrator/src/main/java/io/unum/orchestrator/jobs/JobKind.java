package io.unum.orchestrator.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a job does to its node. */
public enum JobKind {
  START,
  STOP,
  /** A power cycle: stop, then start; each half survives a change of leader. */
  REBOOT;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }
}
