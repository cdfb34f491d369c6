package io.unum.orchestrator.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;

/**
 * A long action on one node, kept in the control plane so that any leader can carry it on.
 *
 * @param acceptedBy       host whose API accepted it
 * @param stage            0, or 1 for the start half of a reboot
 * @param stageSinceMillis when the current stage began (its desired state was set)
 * @param error            why it failed; null otherwise
 */
public record Job(String id, JobKind kind, int node, JobState state, int percent, String phase,
    String acceptedBy, long createdMillis, long startedMillis, long finishedMillis,
    @JsonIgnore int stage, @JsonIgnore long stageSinceMillis, String error) implements Serializable {

  /** A job just accepted, waiting for the leader. */
  public static Job queued(String id, JobKind kind, int node, String acceptedBy, long nowMillis) {
    return new Job(id, kind, node, JobState.QUEUED, 0, "queued", acceptedBy, nowMillis, 0, 0, 0, 0,
        null);
  }

  /** Taken by the leader: its first stage begins. */
  Job begun(long nowMillis) {
    return new Job(id, kind, node, JobState.RUNNING, 1, "requested", acceptedBy, createdMillis,
        nowMillis, 0, 0, nowMillis, null);
  }

  /** The next stage begins (the start half of a reboot). */
  Job nextStage(String newPhase, int newPercent, long nowMillis) {
    return new Job(id, kind, node, state, newPercent, newPhase, acceptedBy, createdMillis,
        startedMillis, 0, stage + 1, nowMillis, null);
  }

  Job at(String newPhase, int newPercent) {
    // Progress never goes backwards, even when a phase is seen again.
    return new Job(id, kind, node, state, Math.max(percent, newPercent), newPhase, acceptedBy,
        createdMillis, startedMillis, finishedMillis, stage, stageSinceMillis, error);
  }

  Job succeeded(String finalPhase, long nowMillis) {
    return new Job(id, kind, node, JobState.SUCCEEDED, 100, finalPhase, acceptedBy, createdMillis,
        startedMillis == 0 ? nowMillis : startedMillis, nowMillis, stage, stageSinceMillis, null);
  }

  Job failed(String why, long nowMillis) {
    return new Job(id, kind, node, JobState.FAILED, percent, phase, acceptedBy, createdMillis,
        startedMillis == 0 ? nowMillis : startedMillis, nowMillis, stage, stageSinceMillis, why);
  }
}
