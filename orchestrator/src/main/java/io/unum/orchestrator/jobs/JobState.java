package io.unum.orchestrator.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job is in its life: queued until the leader takes it, then running, then done. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }

  @JsonValue
  public String label() {
    return name().toLowerCase();
  }
}
