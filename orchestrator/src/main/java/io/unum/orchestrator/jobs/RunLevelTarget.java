package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.RunLevelStore;
import io.unum.orchestrator.runlevel.RunLevels;
import java.util.function.IntSupplier;

/**
 * The run level the cluster is at, or is going to while a change runs: services follow the
 * target at once, so they stop before their nodes go down and start as the nodes come up.
 */
public final class RunLevelTarget implements IntSupplier {
  private final JobStore jobs;
  private final RunLevelStore levels;
  private final ClusterView cluster;

  public RunLevelTarget(JobStore jobs, RunLevelStore levels, ClusterView cluster) {
    this.jobs = jobs;
    this.levels = levels;
    this.cluster = cluster;
  }

  @Override
  public int getAsInt() {
    int current = levels.current(cluster.specs()).level();
    return jobs.lockHolder(JobService.CLUSTER).flatMap(jobs::job)
        .filter(job -> job.kind() == JobKind.RUNLEVEL && !job.state().finished())
        .map(job -> RunLevels.reached(job.level(), current))
        .orElse(current);
  }
}
