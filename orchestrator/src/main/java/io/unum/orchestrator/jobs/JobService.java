package io.unum.orchestrator.jobs;

import io.unum.orchestrator.boot.NodePower;
import io.unum.orchestrator.hypervisor.MigrationTuning;
import io.unum.orchestrator.cluster.Quorum;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.runlevel.RunLevels;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts jobs on any host: checks the node, takes the node's job lock, honours idempotency
 * keys, and leaves the job queued for the leader's {@link JobRunner}.
 */
public final class JobService {
  /** How long an idempotency key names its first job. */
  public static final Duration KEY_TTL = Duration.ofHours(24);
  /** The lock a run-level change holds: node 0, the whole cluster. */
  static final int CLUSTER = 0;
  /** How long a cancel waits for the migration to end before it answers with the job as it is. */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(10);
  /** How long this host keeps a job it accepted, to give it back should the control plane lose it. */
  static final Duration ACCEPTED_MEMORY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

  private final JobStore store;
  private final EventLog events;
  private final NodePower nodes;
  private final Quorum quorum;
  private final String self;
  /** Jobs accepted here within {@link #ACCEPTED_MEMORY}, by id. */
  private final Map<String, Job> accepted = new ConcurrentHashMap<>();

  /**
   * @param quorum whether the control plane has a leader to run jobs
   * @param self   this host's name, recorded as the job's acceptor
   */
  public JobService(JobStore store, EventLog events, NodePower nodes, Quorum quorum,
      String self) {
    this.store = store;
    this.events = events;
    this.nodes = nodes;
    this.quorum = quorum;
    this.self = self;
  }

  /** What {@link #submit} did: a new job, or the one an idempotency key named before. */
  public record Submission(Job job, boolean replayed) {}

  /**
   * Starts a {@code kind} job on {@code node}. A stop supersedes a start or reboot still running
   * (so a hanging boot can always be stopped); any other overlap is a conflict.
   */
  public Submission submit(JobKind kind, int node, String idempotencyKey) {
    return submitForNode(kind, node, kind.label() + " node " + node, idempotencyKey,
        id -> Job.queued(id, kind, node, self, System.currentTimeMillis()));
  }

  /**
   * Starts a live migration of {@code node} to host {@code target} (chosen and checked by the
   * caller); {@code tuning} null: as the cluster's settings say when it runs.
   */
  public Submission submitMigration(int node, String target, MigrationTuning tuning, String idempotencyKey) {
    return submitForNode(JobKind.MIGRATE, node, "migrate node " + node + " to " + target, idempotencyKey,
        id -> Job.queuedMigration(id, node, target, tuning, self, System.currentTimeMillis()));
  }

  private Submission submitForNode(JobKind kind, int node, String request, String idempotencyKey,
      Function<String, Job> make) {
    nodes.requireNode(node);
    quorum.require(request + " (no leader would run the job)");
    // A run-level change decides every node's power until it is done.
    Optional<Job> change = store.lockHolder(CLUSTER).flatMap(store::job).filter(job -> !job.state().finished());
    if (change.isPresent()) {
      throw new JobConflictException("the cluster is changing its run level (job " + change.get().id() + ", "
          + change.get().phase() + "); node jobs wait for it: 'unum job " + change.get().id() + " --wait'");
    }
    String id = "j-" + UUID.randomUUID().toString().substring(0, 13);
    IdempotencyClaim claim = new IdempotencyClaim(id, request);
    if (idempotencyKey != null) {
      Optional<IdempotencyClaim> first = store.claim(idempotencyKey, claim, KEY_TTL);
      if (first.isPresent()) {
        return replay(idempotencyKey, first.get(), claim);
      }
    }
    try {
      lock(kind, node, id);
    } catch (RuntimeException e) {
      if (idempotencyKey != null) {
        store.releaseClaim(idempotencyKey, claim);
      }
      throw e;
    }
    Job job = make.apply(id);
    store.put(job);
    remember(job);
    events.publish(JobEvents.changed(job));
    return new Submission(job, false);
  }

  /** Starts a change of the cluster's run level; one at a time (a second one is a conflict). */
  public Submission submitRunLevel(int level, String idempotencyKey) {
    RunLevels.require(level);
    quorum.require("change the run level (no leader would run the job)");
    Optional<Job> nodeJob = store.jobs().stream()
        .filter(job -> job.node() != CLUSTER && !job.state().finished()).findFirst();
    if (nodeJob.isPresent()) {
      throw new JobConflictException("node " + nodeJob.get().node() + " has job " + nodeJob.get().id() + " ("
          + nodeJob.get().kind().label() + ", " + nodeJob.get().phase() + "); a run-level change waits for node"
          + " jobs: 'unum job " + nodeJob.get().id() + " --wait'");
    }
    String id = "j-" + UUID.randomUUID().toString().substring(0, 13);
    IdempotencyClaim claim = new IdempotencyClaim(id, "run level " + level);
    if (idempotencyKey != null) {
      Optional<IdempotencyClaim> first = store.claim(idempotencyKey, claim, KEY_TTL);
      if (first.isPresent()) {
        return replay(idempotencyKey, first.get(), claim);
      }
    }
    try {
      lock(JobKind.RUNLEVEL, CLUSTER, id);
    } catch (RuntimeException e) {
      if (idempotencyKey != null) {
        store.releaseClaim(idempotencyKey, claim);
      }
      throw e;
    }
    Job job = Job.queuedRunLevel(id, level, self, System.currentTimeMillis());
    store.put(job);
    remember(job);
    events.publish(JobEvents.changed(job));
    return new Submission(job, false);
  }

  /**
   * Cancels a migration that has not ended: the leader's runner clears the node's wish (its host
   * aborts the copy; the node stays) and the job fails as cancelled. Waits up to
   * {@link #CANCEL_WAIT} for that and returns the job, ended or still cancelling. A copy that
   * switched over before the abort reached it cannot be undone: that is a conflict, the node
   * runs at the target. Other jobs are not cancelled: a stop supersedes a start, and a start
   * undoes a stop.
   */
  public Job cancel(String id) throws InterruptedException {
    Job job = get(id);
    if (job.kind() != JobKind.MIGRATE && !job.state().finished()) {
      throw new JobConflictException("only migrations can be cancelled; job " + id + " is a " + job.kind().label()
          + " (stop the node, or start it again)");
    }
    Job asked = store.update(id, current -> current.state().finished() || current.cancelRequested() ? current
        : current.cancelling()).orElseThrow(() -> new NoSuchJobException(id));
    if (asked.state().finished()) {
      throw new JobConflictException("job " + id + " already " + asked.state().label());
    }
    if (!asked.equals(job)) {
      events.publish(JobEvents.changed(asked));
    }
    long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
    Job now = asked;
    while (!now.state().finished() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      now = get(id);
    }
    if (now.state() == JobState.SUCCEEDED) {
      throw new JobConflictException("too late: node " + now.node() + " had switched over to " + now.target()
          + " before the cancel reached its copy; it runs there now (job " + id + " succeeded)");
    }
    return now;
  }

  /**
   * The job, as the control plane has it. A job accepted here within {@link #ACCEPTED_MEMORY}
   * that the control plane no longer has is put back: its 202 named it, so it must stay readable.
   */
  public Job get(String id) {
    Optional<Job> job = store.job(id);
    if (job.isPresent()) {
      return job.get();
    }
    Job mine = accepted.get(id);
    if (mine == null || mine.createdMillis() < System.currentTimeMillis() - ACCEPTED_MEMORY.toMillis()) {
      throw new NoSuchJobException(id);
    }
    return restore(mine);
  }

  private void remember(Job job) {
    long cutoff = job.createdMillis() - ACCEPTED_MEMORY.toMillis();
    accepted.values().removeIf(old -> old.createdMillis() < cutoff);
    accepted.put(job.id(), job);
  }

  /**
   * Puts back a job that was lost after it was accepted (a member that held it dropped out of
   * the control plane, as a host too busy to answer heartbeats does, before its backup had it),
   * with its node's lock. Should another job hold the node by now, it comes back failed, saying so.
   */
  private Job restore(Job lost) {
    long now = System.currentTimeMillis();
    Optional<String> holder = store.lockNode(lost.node(), lost.id());
    Job back = holder.isEmpty() ? lost : lost.failed("lost by the control plane after it was accepted; job "
        + holder.get() + " took the node meanwhile", now);
    Optional<Job> there = store.putIfAbsent(back);
    if (there.isPresent()) {
      return there.get(); // it came back by itself meanwhile (a merge)
    }
    LOG.warn("job {} ({} node {}) was lost by the control plane after this host accepted it; put back {}",
        lost.id(), lost.kind().label(), lost.node(), back.state().label());
    events.publish(JobEvents.changed(back));
    return back;
  }

  /** Jobs, newest first, optionally only those of one node or in one state. */
  public List<Job> list(Integer node, JobState state) {
    return store.jobs().stream()
        .filter(job -> node == null || job.node() == node)
        .filter(job -> state == null || job.state() == state)
        .sorted(Comparator.comparingLong(Job::createdMillis).reversed())
        .toList();
  }

  private Submission replay(String key, IdempotencyClaim first, IdempotencyClaim now) {
    if (!first.request().equals(now.request())) {
      throw new IdempotencyKeyReusedException(key, first.request(), now.request());
    }
    return new Submission(get(first.jobId()), true);
  }

  private void lock(JobKind kind, int node, String id) {
    Optional<String> holder = store.lockNode(node, id);
    if (holder.isEmpty()) {
      return;
    }
    Job active = store.job(holder.get()).orElse(null);
    if (active == null || active.state().finished()) {
      // A lock left behind by a job that is gone: take it over.
      store.unlockNode(node, holder.get());
    } else if (kind == JobKind.STOP && active.kind() != JobKind.STOP) {
      long now = System.currentTimeMillis();
      store.update(active.id(), job -> job.state().finished() ? job
          : job.failed("superseded by job " + id + " (stop)", now))
          .ifPresent(job -> events.publish(JobEvents.changed(job)));
      store.unlockNode(node, active.id());
    } else {
      throw new JobConflictException((node == CLUSTER ? "the cluster" : "node " + node) + " already has job " + active.id() + " ("
          + active.kind().label() + ", " + active.phase() + "); wait for it with 'unum job " + active.id()
          + " --wait'");
    }
    if (store.lockNode(node, id).isPresent()) {
      throw new JobConflictException("node " + node + " was just given another job; try again");
    }
  }
}
