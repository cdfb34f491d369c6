package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.jobs.JobDriver.Power;
import io.unum.orchestrator.runlevel.RunLevels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The next step of a run-level change, decided from the nodes' specs and statuses alone: plain
 * logic, no I/O. Four stages: the other nodes down, the root node down (last), the root node up
 * (first), the other nodes up in parallel. Each stage sets desired power when it begins and then
 * only watches, so a new leader carries a change on where the last one left it. A node that
 * fails to boot is given {@link #RETRIES} more boots; the cluster then comes up without it and
 * the job says so. Only a root node that cannot boot fails the change.
 */
final class RunLevelDriver {
  static final int RETRIES = 2;
  static final int STOP_OTHERS = 1;
  static final int STOP_ROOT = 2;
  static final int START_ROOT = 3;
  static final int START_OTHERS = 4;

  /** The job as it is now, the power changes to make with it, and the level once it is done. */
  record Step(Job job, Map<Integer, Power> power, Integer reached) {
    static Step of(Job job) {
      return new Step(job, Map.of(), null);
    }
  }

  private final Duration bootTimeout;

  RunLevelDriver(Duration bootTimeout) {
    this.bootTimeout = bootTimeout;
  }

  /** @param current the cluster's run level now (the one the change started from) */
  Step advance(Job job, Map<Integer, NodeSpec> specs, Map<Integer, NodeStatus> statuses, int current, long now) {
    if (job.state().finished()) {
      return Step.of(job);
    }
    int level = job.level();
    int root = RunLevels.root(specs.keySet());
    Set<Integer> stop = RunLevels.stopped(level, specs.keySet());
    Set<Integer> start = RunLevels.started(level, specs.keySet());
    if (job.state() == JobState.QUEUED) {
      return begin(job.begun(now).nextStage("stopping nodes", 5, now), STOP_OTHERS, root, stop, start, statuses, now);
    }
    long inStage = now - job.stageSinceMillis();
    switch (job.stage()) {
      case STOP_OTHERS, STOP_ROOT -> {
        Set<Integer> waiting = job.stage() == STOP_OTHERS ? without(stop, root) : only(stop, root);
        List<Integer> up = waiting.stream().filter(n -> !down(statuses.get(n))).toList();
        if (up.isEmpty()) {
          // A stage with nothing to do keeps the phase people saw last.
          return job.stage() == STOP_OTHERS
              ? begin(job.nextStage(stop.contains(root) ? "stopping root node " + root : job.phase(), 25, now),
                  STOP_ROOT, root, stop, start, statuses, now)
              : begin(job.nextStage(start.contains(root) && !running(statuses.get(root))
                  ? "starting root node " + root : job.phase(), 35, now), START_ROOT, root, stop, start, statuses, now);
        }
        if (inStage > JobDriver.STOP_TIMEOUT.toMillis()) {
          return Step.of(job.failed("nodes " + up + " did not stop within " + JobDriver.STOP_TIMEOUT.toSeconds() + " s", now));
        }
        return Step.of(job);
      }
      case START_ROOT -> {
        if (!start.contains(root)) {
          return done(job, level, current, List.of(), now);
        }
        NodeStatus status = statuses.get(root);
        if (running(status)) {
          return begin(job.nextStage(without(start, root).isEmpty() ? job.phase() : "starting nodes", 60, now),
              START_OTHERS, root, stop, start, statuses, now);
        }
        if (gaveUp(job, root, status, now)) {
          if (job.boots(root) <= RETRIES) {
            return new Step(job.booted(root, now), Map.of(root, Power.ON), null);
          }
          return Step.of(job.failed("the root node " + root + " did not boot after " + job.boots(root)
              + " tries: " + why(status), now));
        }
        return Step.of(job);
      }
      case START_OTHERS -> {
        Map<Integer, Power> retry = new TreeMap<>();
        List<String> givenUp = new ArrayList<>();
        Job next = job;
        boolean waiting = false;
        for (int node : without(start, root)) {
          NodeStatus status = statuses.get(node);
          if (running(status)) {
            continue;
          }
          if (gaveUp(next, node, status, now)) {
            if (next.boots(node) <= RETRIES) {
              retry.put(node, Power.ON);
              next = next.booted(node, now);
              waiting = true;
            } else {
              givenUp.add("node " + node + " (" + why(status) + ")");
            }
          } else {
            waiting = true;
          }
        }
        if (waiting) {
          int up = (int) without(start, root).stream().filter(n -> running(statuses.get(n))).count();
          int percent = 60 + 39 * up / Math.max(1, without(start, root).size());
          return new Step(next.at("starting nodes: " + up + " of " + without(start, root).size() + " up", percent),
              retry, null);
        }
        return done(next, level, current, givenUp, now);
      }
      default -> {
        return Step.of(job.failed("unknown stage " + job.stage(), now));
      }
    }
  }

  /** A stage begins: the power changes it makes (only for nodes not already there). */
  private Step begin(Job job, int stage, int root, Set<Integer> stop, Set<Integer> start,
      Map<Integer, NodeStatus> statuses, long now) {
    Map<Integer, Power> power = new HashMap<>();
    switch (stage) {
      case STOP_OTHERS -> without(stop, root).forEach(n -> power.put(n, Power.OFF));
      case STOP_ROOT -> only(stop, root).forEach(n -> power.put(n, Power.OFF));
      case START_ROOT -> only(start, root).stream().filter(n -> !running(statuses.get(n)))
          .forEach(n -> power.put(n, Power.ON));
      case START_OTHERS -> without(start, root).stream().filter(n -> !running(statuses.get(n)))
          .forEach(n -> power.put(n, Power.ON));
      default -> { }
    }
    Job begun = job;
    for (int node : power.keySet()) {
      if (power.get(node) == Power.ON) {
        begun = begun.booted(node, now);
      }
    }
    return new Step(begun, power, null);
  }

  private Step done(Job job, int level, int current, List<String> givenUp, long now) {
    int reached = RunLevels.reached(level, current);
    String phase = "run level " + reached + (givenUp.isEmpty() ? "" : " without " + String.join(", ", givenUp));
    return new Step(job.succeeded(phase, now), Map.of(), reached);
  }

  /**
   * Whether the node's last boot of this change is over without it running: it failed after the
   * boot was asked for (an older failure is what the boot is fixing), or it took too long.
   */
  private boolean gaveUp(Job job, int node, NodeStatus status, long now) {
    long asked = job.bootedAt(node);
    boolean failedSince = failed(status) && status.stateSinceMillis() > asked;
    return failedSince || now - asked > bootTimeout.plus(JobDriver.PLACE_TIMEOUT).toMillis();
  }

  private static Set<Integer> without(Set<Integer> nodes, int root) {
    return nodes.stream().filter(n -> n != root).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static Set<Integer> only(Set<Integer> nodes, int root) {
    return nodes.contains(root) ? Set.of(root) : Set.of();
  }

  private static boolean running(NodeStatus status) {
    return status != null && status.state() == NodeState.RUNNING;
  }

  private static boolean failed(NodeStatus status) {
    return status != null && status.state() == NodeState.FAILED;
  }

  private static boolean down(NodeStatus status) {
    return status == null || status.state() == NodeState.STOPPED || status.state() == NodeState.FAILED
        || status.state() == NodeState.DEFINED;
  }

  private static String why(NodeStatus status) {
    return status == null || status.error() == null ? "did not boot in time" : status.error();
  }
}
