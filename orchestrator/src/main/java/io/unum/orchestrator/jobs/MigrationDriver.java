package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.migration.MigrationProgress;
import java.time.Duration;

/**
 * A migration job's next step, from the node's spec and the migration its source host reports:
 * plain logic. The job sets the node's {@code migrateTo} once, when it begins, and then watches:
 * it succeeded when the node is bound to the target and wants no migration any more, failed when
 * the wish was cleared while the node stayed (the report says why). A cancel asked for clears the
 * wish; the job then ends with what the node did, since a copy may switch over before its abort.
 */
final class MigrationDriver {
  /** How long a migration may take before the job gives up (and the copy is aborted). */
  static final Duration TIMEOUT = Duration.ofMinutes(10);
  /** How long a source that had its wish withdrawn may take to report how its copy ended. */
  static final Duration SETTLE = Duration.ofSeconds(15);
  /** How long after a cancel withdrew the wish the job waits to hear from the source at all. */
  static final Duration CANCEL_SETTLE = Duration.ofSeconds(3);

  /**
   * The job as it is now, and what to do to the node's {@code migrateTo} along with saving it:
   * null nothing, "" clear it, else set it to that host.
   */
  record Step(Job job, String migrateTo) {}

  /**
   * @param underWay migrations running in the cluster now
   * @param cap      how many may run at once: a job waits, queued, until there is a slot
   */
  Step advance(Job job, NodeSpec spec, MigrationProgress progress, long now, int underWay, int cap) {
    if (job.state().finished()) {
      return new Step(job, null);
    }
    if (spec == null) {
      return new Step(job.failed("node " + job.node() + " was deleted", now), null);
    }
    if (job.state() == JobState.QUEUED && job.cancelRequested()) {
      if (job.target().equals(spec.migrateTo())) {
        // It began (the wish is set first) but the cancel changed the job before its saving:
        // the source may be copying, so it is cancelled as a running one is.
        return new Step(job.begun(now).nextStage("cancelling: " + spec.host() + " aborts the copy", 2, now), "");
      }
      return new Step(job.failed(MigrationProgress.CANCELLED + " before it began; node " + job.node()
          + " stays on " + spec.host(), now), null);
    }
    if (job.state() == JobState.QUEUED && underWay >= cap) {
      return new Step(job.at("waiting for a slot: " + underWay + " migrations under way, at most " + cap
          + " at once", 0), null);
    }
    if (job.state() == JobState.QUEUED) {
      return new Step(job.begun(now).at("asking " + spec.host() + " to send it", 2), job.target());
    }
    boolean ours = progress != null && progress.to().equals(job.target())
        && progress.startedMillis() >= job.startedMillis() - 1000;
    if (spec.host().equals(job.target()) && !spec.isMigrating()) {
      String took = ours && progress.finished() ? " in " + progress.wallMillis() + " ms" : "";
      String late = job.cancelRequested() ? " (it switched over before the cancel reached it)" : "";
      return new Step(job.succeeded("on " + job.target() + took + late, now), null);
    }
    if (job.cancelRequested() && job.target().equals(spec.migrateTo())) {
      // A stage of its own: its start is when the wish was withdrawn.
      return new Step(job.nextStage("cancelling: " + spec.host() + " aborts the copy", job.percent(), now), "");
    }
    if (!spec.isMigrating()) {
      boolean reporting = ours && !progress.finished() && now - progress.updatedMillis() < SETTLE.toMillis();
      // A source that read the wish just before it was withdrawn may not have reported yet.
      boolean unheard = job.cancelRequested() && !(ours && progress.finished())
          && now - job.stageSinceMillis() < CANCEL_SETTLE.toMillis();
      if (reporting || unheard) {
        return new Step(job.at("waiting for " + spec.host() + " to end the copy", job.percent()), null);
      }
      String why = ours && progress.error() != null ? progress.error()
          : job.cancelRequested() ? MigrationProgress.CANCELLED : "the migration was cancelled";
      return new Step(job.failed(why + "; node " + job.node() + " runs on at " + spec.host(), now), null);
    }
    if (now - job.stageSinceMillis() > TIMEOUT.toMillis()) {
      return new Step(job.failed("gave up after " + TIMEOUT.toMinutes() + " min; the copy is aborted and node "
          + job.node() + " runs on at " + spec.host(), now), "");
    }
    if (ours && !progress.finished()) {
      return new Step(job.at("copying memory to " + job.target() + ": " + progress.summary(),
          5 + progress.percent() * 9 / 10), null);
    }
    return new Step(job, null);
  }
}
