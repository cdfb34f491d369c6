package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.loadlevel.MigrationTargets;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties a host: puts it in maintenance (no new node goes there) and starts a migration job for
 * each of its running nodes, smallest first, each to the host placement picks. The source runs
 * at most {@code MigrationRunner.MAX_OUTBOUND} at once; the others wait their turn.
 */
public final class HostDrain {
  private final HostService hosts;
  private final MigrationTargets targets;
  private final JobService jobs;

  public HostDrain(HostService hosts, MigrationTargets targets, JobService jobs) {
    this.hosts = hosts;
    this.targets = targets;
    this.jobs = jobs;
  }

  /** A node that stays, and why. */
  public record Refusal(int node, String reason) {}

  /** What a drain started: a job per node that moves, and the nodes that cannot. */
  public record Result(String host, List<Job> jobs, List<Refusal> refused) {}

  public Result drain(String host) {
    hosts.maintenance(host, true, "draining");
    List<Job> started = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    for (MigrationTargets.Move move : targets.evacuate(host)) {
      if (move.to() == null) {
        refused.add(new Refusal(move.node(), move.refusal()));
        continue;
      }
      try {
        started.add(jobs.submitMigration(move.node(), move.to(), null, null).job());
      } catch (RuntimeException e) {
        refused.add(new Refusal(move.node(), e.getMessage()));
      }
    }
    return new Result(host, started, refused);
  }
}
