package io.unum.orchestrator.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a job does: to its node, or to the cluster's run level. */
public enum JobKind {
  START,
  STOP,
  /** A power cycle: stop, then start; each half survives a change of leader. */
  REBOOT,
  /** A change of the cluster's run level (node 0: the whole cluster). */
  RUNLEVEL,
  /** A live migration of a node to another host. */
  MIGRATE;

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }
}
