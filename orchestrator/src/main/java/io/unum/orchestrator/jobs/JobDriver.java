package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import java.time.Duration;

/**
 * A job's next step, decided from the node's spec and observed status alone: plain logic, no
 * I/O. Each stage sets the node's desired power once (when it begins) and then only watches,
 * so a new leader that takes over a job half-way repeats nothing.
 */
final class JobDriver {
  /** What the runner must do to the node's desired state along with saving the job. */
  enum Power { NONE, ON, OFF }

  /** The job as it is now, and the power change its stage begins with. */
  record Step(Job job, Power power) {}

  /** How long a stop may take: the node's controller destroys the domain after 15 s. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /** How long a node may wait for a host with room before its start job gives up. */
  static final Duration PLACE_TIMEOUT = Duration.ofSeconds(120);
  /** Boot time assumed for progress until the node has booted once. */
  private static final double TYPICAL_BOOT_SECONDS = 20;

  private final Duration bootTimeout;

  /** @param bootTimeout how long the node's host lets a boot run before calling it failed */
  JobDriver(Duration bootTimeout) {
    this.bootTimeout = bootTimeout;
  }

  Step advance(Job job, NodeSpec spec, NodeStatus status, long now) {
    if (job.state().finished()) {
      return new Step(job, Power.NONE);
    }
    if (spec == null) {
      return new Step(job.failed("node " + job.node() + " was deleted", now), Power.NONE);
    }
    if (job.state() == JobState.QUEUED) {
      Job begun = job.begun(now);
      return new Step(begun, job.kind() == JobKind.START ? Power.ON : Power.OFF);
    }
    boolean starting = job.kind() == JobKind.START || job.stage() == 1;
    return starting ? watchStart(job, status, now) : watchStop(job, status, now);
  }

  private Step watchStart(Job job, NodeStatus status, long now) {
    long inStage = now - job.stageSinceMillis();
    NodeState state = status == null ? null : status.state();
    if (state == NodeState.RUNNING) {
      return new Step(job.succeeded("running", now), Power.NONE);
    }
    if (state == NodeState.FAILED) {
      return new Step(job.failed(status.error() == null ? "the node failed to boot" : status.error(), now),
          Power.NONE);
    }
    if (state == NodeState.BOOTING) {
      double expected = status.bootSeconds() > 0 ? status.bootSeconds() : TYPICAL_BOOT_SECONDS;
      double elapsed = status.bootStartedMillis() > 0 ? (now - status.bootStartedMillis()) / 1000.0 : 0;
      int percent = 30 + (int) Math.min(65, 65 * elapsed / expected);
      return timedOut(job.at("booting", percent), inStage, bootTimeout.plus(PLACE_TIMEOUT), now);
    }
    boolean unplaced = status == null || status.host().isEmpty();
    if (unplaced) {
      Job waiting = job.at(status != null && status.error() != null ? "placing: " + status.error()
          : "placing", 10);
      return timedOut(waiting, inStage, PLACE_TIMEOUT, now);
    }
    // Placed, the domain being defined or the previous stop finishing.
    return timedOut(job.at("defining on " + status.host(), 20), inStage, PLACE_TIMEOUT, now);
  }

  private Step watchStop(Job job, NodeStatus status, long now) {
    long inStage = now - job.stageSinceMillis();
    NodeState state = status == null ? null : status.state();
    boolean down = state == null || state == NodeState.STOPPED || state == NodeState.FAILED
        || state == NodeState.DEFINED;
    if (down && job.kind() == JobKind.REBOOT) {
      return new Step(job.nextStage("starting", 50, now), Power.ON);
    }
    if (down) {
      return new Step(job.succeeded("stopped", now), Power.NONE);
    }
    int base = job.kind() == JobKind.REBOOT ? 5 : 10;
    int span = job.kind() == JobKind.REBOOT ? 40 : 85;
    double grace = 15_000;
    int percent = base + (int) Math.min(span, span * inStage / grace);
    return timedOut(job.at("stopping", percent), inStage, STOP_TIMEOUT, now);
  }

  private static Step timedOut(Job job, long inStage, Duration limit, long now) {
    if (inStage > limit.toMillis()) {
      return new Step(job.failed("gave up after " + limit.toSeconds() + " s in phase '" + job.phase() + "'",
          now), Power.NONE);
    }
    return new Step(job, Power.NONE);
  }
}
