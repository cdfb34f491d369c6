package io.unum.orchestrator.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.hypervisor.MigrationTuning;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A long action on one node, or a change of the cluster's run level, kept in the control plane
 * so that any leader can carry it on.
 *
 * @param node             the node; 0 for a run-level change (the whole cluster)
 * @param level            the run level a run-level change goes to; null for a node's job
 * @param target           the host a migration goes to; null for other jobs
 * @param acceptedBy       host whose API accepted it
 * @param stage            0, or 1 for the start half of a reboot; a run-level change's stage
 * @param stageSinceMillis when the current stage began (its desired state was set)
 * @param error            why it failed; null otherwise
 * @param boots            per node, the boots a run-level change asked for (count, last time)
 * @param tuning           a migration's downtime and bandwidth, when its request set them; null: the cluster's
 * @param cancelRequested  someone asked to cancel this migration; the leader's runner ends it either way
 * @param downtimeMillis   the pause a migrated node had, as its destination measured it (after the job ended)
 * @param leaderEpoch      the epoch of the newest leader that advanced it ({@link LeaderStamp}): an older one may not
 */
public record Job(String id, JobKind kind, int node, @JsonInclude(JsonInclude.Include.NON_NULL) Integer level,
    @JsonInclude(JsonInclude.Include.NON_NULL) String target, JobState state, int percent, String phase, String acceptedBy, long createdMillis, long startedMillis,
    long finishedMillis, @JsonIgnore int stage, @JsonIgnore long stageSinceMillis, String error,
    @JsonIgnore Map<Integer, Boot> boots, @JsonInclude(JsonInclude.Include.NON_NULL) MigrationTuning tuning,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean cancelRequested,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long downtimeMillis, @JsonIgnore long leaderEpoch)
    implements Serializable {

  /** The boots asked of one node: how many, and when the last one was. */
  public record Boot(int count, long atMillis) implements Serializable {}

  public Job {
    boots = boots == null ? Map.of() : Map.copyOf(boots);
  }

  /** A job just accepted, waiting for the leader. */
  public static Job queued(String id, JobKind kind, int node, String acceptedBy, long nowMillis) {
    return new Job(id, kind, node, null, null, JobState.QUEUED, 0, "queued", acceptedBy, nowMillis, 0, 0, 0, 0,
        null, Map.of(), null, false, null, LeaderStamp.NONE);
  }

  /** A change of the cluster's run level to {@code level}, waiting for the leader. */
  public static Job queuedRunLevel(String id, int level, String acceptedBy, long nowMillis) {
    return new Job(id, JobKind.RUNLEVEL, 0, level, null, JobState.QUEUED, 0, "queued", acceptedBy, nowMillis, 0, 0, 0,
        0, null, Map.of(), null, false, null, LeaderStamp.NONE);
  }

  /** A live migration of {@code node} to host {@code to}, waiting for the leader. */
  public static Job queuedMigration(String id, int node, String to, MigrationTuning tuning, String acceptedBy,
      long nowMillis) {
    return new Job(id, JobKind.MIGRATE, node, null, to, JobState.QUEUED, 0, "queued", acceptedBy, nowMillis, 0, 0,
        0, 0, null, Map.of(), tuning, false, null, LeaderStamp.NONE);
  }

  /** Taken by the leader: its first stage begins. */
  Job begun(long nowMillis) {
    return new Job(id, kind, node, level, target, JobState.RUNNING, 1, "requested", acceptedBy, createdMillis,
        nowMillis, 0, 0, nowMillis, null, boots, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  /** The next stage begins (the start half of a reboot; a run-level change's next step). */
  Job nextStage(String newPhase, int newPercent, long nowMillis) {
    return new Job(id, kind, node, level, target, state, Math.max(percent, newPercent), newPhase, acceptedBy,
        createdMillis, startedMillis, 0, stage + 1, nowMillis, null, boots, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  Job at(String newPhase, int newPercent) {
    // Progress never goes backwards, even when a phase is seen again.
    return new Job(id, kind, node, level, target, state, Math.max(percent, newPercent), newPhase, acceptedBy,
        createdMillis, startedMillis, finishedMillis, stage, stageSinceMillis, error, boots, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  Job succeeded(String finalPhase, long nowMillis) {
    return new Job(id, kind, node, level, target, JobState.SUCCEEDED, 100, finalPhase, acceptedBy, createdMillis,
        startedMillis == 0 ? nowMillis : startedMillis, nowMillis, stage, stageSinceMillis, null, boots, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  Job failed(String why, long nowMillis) {
    return new Job(id, kind, node, level, target, JobState.FAILED, percent, phase, acceptedBy, createdMillis,
        startedMillis == 0 ? nowMillis : startedMillis, nowMillis, stage, stageSinceMillis, why, boots, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  /** Asked to be cancelled: the runner clears the wish and the job ends with what the node did. */
  Job cancelling() {
    return new Job(id, kind, node, level, target, state, percent, "cancelling", acceptedBy, createdMillis,
        startedMillis, finishedMillis, stage, stageSinceMillis, error, boots, tuning,
        true, downtimeMillis, leaderEpoch);
  }

  /** The same, ended migration with the pause its node had. */
  Job withDowntime(long millis) {
    return new Job(id, kind, node, level, target, state, percent, phase, acceptedBy, createdMillis, startedMillis,
        finishedMillis, stage, stageSinceMillis, error, boots, tuning, cancelRequested, millis, leaderEpoch);
  }

  /** A boot of {@code bootNode} was asked for now. */
  Job booted(int bootNode, long nowMillis) {
    Map<Integer, Boot> next = new HashMap<>(boots);
    next.put(bootNode, new Boot(boots(bootNode) + 1, nowMillis));
    return new Job(id, kind, node, level, target, state, percent, phase, acceptedBy, createdMillis, startedMillis,
        finishedMillis, stage, stageSinceMillis, error, next, tuning,
        cancelRequested, downtimeMillis, leaderEpoch);
  }

  /**
   * The same job as the leader of {@code epoch} writes it.
   *
   * @throws io.unum.orchestrator.cluster.DeposedLeaderException when a newer leader advanced it
   */
  public Job stampedBy(long epoch) {
    long stamp = LeaderStamp.after(leaderEpoch, epoch, "job " + id);
    return stamp == leaderEpoch ? this : new Job(id, kind, node, level, target, state, percent, phase, acceptedBy,
        createdMillis, startedMillis, finishedMillis, stage, stageSinceMillis, error, boots, tuning, cancelRequested,
        downtimeMillis, stamp);
  }

  /** How many boots of the node this change asked for. */
  int boots(int bootNode) {
    Boot boot = boots.get(bootNode);
    return boot == null ? 0 : boot.count();
  }

  /** When this change last asked the node to boot (0: never). */
  long bootedAt(int bootNode) {
    Boot boot = boots.get(bootNode);
    return boot == null ? 0 : boot.atMillis();
  }
}
