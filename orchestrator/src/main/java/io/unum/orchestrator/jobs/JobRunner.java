package io.unum.orchestrator.jobs;

import io.unum.orchestrator.boot.NodePower;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.RunLevelStore;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.migration.MigrationProgress;
import io.unum.orchestrator.migration.MigrationStore;
import io.unum.orchestrator.metrics.JobMetrics;
import io.unum.orchestrator.runlevel.ClusterRunLevel;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cluster's jobs, on the leader only: four times a second it advances every unfinished
 * job by one {@link JobDriver} (a node's job) or {@link RunLevelDriver} (a run-level change) step
 * and saves it. A pass reads only the live jobs (filtered where they are kept): a day of finished
 * ones would otherwise cross the network four times a second. Jobs are state in the control
 * plane, so when the leader (or the host that accepted a job) dies, the next leader carries on
 * where it was. Every step a pass saves, and every spec change it makes, carries the pass's
 * leader epoch: once a newer leader has advanced a job or written a node's spec, a deposed one's
 * pass is refused there.
 */
public final class JobRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  /** Finished jobs are kept this long, and at most {@link #KEPT_FINISHED} of them. */
  static final Duration RETENTION = Duration.ofHours(24);
  static final int KEPT_FINISHED = 1000;
  /** How long after a move its job waits for the pause the destination measures. */
  static final Duration DOWNTIME_WINDOW = Duration.ofSeconds(15);
  /** How often the finished jobs are pruned: the one pass that reads them all. */
  static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final JobStore jobs;
  private final ClusterStore cluster;
  private final NodePower nodes;
  private final EventLog events;
  private final LeaderTerm term;
  private final JobDriver driver;
  private final RunLevelDriver runLevelDriver;
  private final MigrationDriver migrationDriver = new MigrationDriver();
  private final MigrationStore migrations;
  private final IntSupplier migrationCap;
  /** Migrations running in the cluster, counted at the start of a pass and as the pass begins more. */
  private int migrationsUnderWay;
  private long prunedMillis;
  private final RunLevelStore runLevels;
  private final JobMetrics metrics;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "job-runner");
    t.setDaemon(true);
    return t;
  });

  public JobRunner(JobStore jobs, ClusterStore cluster, NodePower nodes, RunLevelStore runLevels,
      MigrationStore migrations, IntSupplier migrationCap, EventLog events, LeaderTerm term,
      Duration bootTimeout, JobMetrics metrics) {
    this.migrations = migrations;
    this.migrationCap = migrationCap;
    this.runLevels = runLevels;
    this.runLevelDriver = new RunLevelDriver(bootTimeout);
    this.metrics = metrics;
    this.jobs = jobs;
    this.cluster = cluster;
    this.nodes = nodes;
    this.events = events;
    this.term = term;
    this.driver = new JobDriver(bootTimeout);
  }

  public void start() {
    thread.scheduleWithFixedDelay(this::passSafely, 0, 250, TimeUnit.MILLISECONDS);
    wakeOnEvents(events.nextId());
  }

  /**
   * A pass at once when a migration's job is accepted or its node arrives, rather than at the next
   * tick: a move takes about a second, and its job would otherwise wait up to two ticks of it.
   * Other jobs take seconds to minutes and keep to the ticks, which also serve timeouts and an
   * event log that cannot be read.
   */
  private void wakeOnEvents(long from) {
    try {
      // On the runner's own thread: passes stay one at a time, and a batch already there does
      // not recurse.
      events.read(from, 256).whenCompleteAsync((batch, error) -> {
        if (error != null) {
          // The log unreadable for now (a member leaving): the ticks go on; try again shortly.
          thread.schedule(() -> wakeOnEvents(from), 1, TimeUnit.SECONDS);
          return;
        }
        if (batch.stream().anyMatch(JobRunner::aboutAMigration)) {
          passSafely();
        }
        wakeOnEvents(batch.isEmpty() ? from : batch.get(batch.size() - 1).id() + 1);
      }, thread);
    } catch (RejectedExecutionException closed) {
      // Closed: no more passes.
    }
  }

  /** A pass if this host leads (the scheduled one; tests call it too). */
  void passSafely() {
    try {
      pass();
    } catch (DeposedLeaderException e) {
      if (!term.overtake(e.newer())) {
        LOG.warn("job pass stopped: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("job pass failed; retrying shortly", e);
    }
  }

  private static boolean aboutAMigration(Event event) {
    return event.type().equals("node.migrated") || event.type().equals("node.migration-failed")
        || event.type().startsWith("job.") && JobKind.MIGRATE.label().equals(event.data().get("kind"));
  }

  /** A pass as the leader of the term's epoch; nothing when this host does not lead. */
  void pass() {
    long epoch = term.epoch();
    if (epoch == LeaderStamp.NONE) {
      return;
    }
    long now = System.currentTimeMillis();
    List<Job> live = jobs.live(now - DOWNTIME_WINDOW.toMillis()).stream()
        .sorted(Comparator.comparingLong(Job::createdMillis)).toList();
    boolean moving = live.stream().anyMatch(j -> j.kind() == JobKind.MIGRATE && !j.state().finished());
    migrationsUnderWay = moving ? (int) cluster.specs().stream().filter(NodeSpec::isMigrating).count() : 0;
    for (Job job : live) {
      if (!job.state().finished()) {
        advance(job, epoch);
      } else if (job.kind() == JobKind.MIGRATE && job.state() == JobState.SUCCEEDED && job.downtimeMillis() == null) {
        recordDowntime(job, epoch);
      }
    }
    if (now - prunedMillis >= PRUNE_EVERY.toMillis()) {
      prune(jobs.jobs());
      prunedMillis = now;
    }
  }

  private void advance(Job job, long epoch) {
    if (job.kind() == JobKind.RUNLEVEL) {
      advanceRunLevel(job, epoch);
      return;
    }
    if (job.kind() == JobKind.MIGRATE) {
      advanceMigration(job, epoch);
      return;
    }
    long now = System.currentTimeMillis();
    JobDriver.Step step = driver.advance(job, cluster.spec(job.node()).orElse(null),
        cluster.status(job.node()).orElse(null), now);
    if (step.job().equals(job)) {
      return;
    }
    // The power change first: if this leader dies between the two, the next one sees the old
    // stage and sets the same desired state again, which is harmless.
    power(job.node(), step.power(), epoch);
    save(job, step.job(), epoch, () -> { });
  }

  /** A migration: its source host moves the node; the job sets the wish and watches. */
  private void advanceMigration(Job job, long epoch) {
    long now = System.currentTimeMillis();
    MigrationDriver.Step step = migrationDriver.advance(job, cluster.spec(job.node()).orElse(null),
        migrations.get(job.node()).orElse(null), now, migrationsUnderWay, migrationCap.getAsInt());
    if (step.job().equals(job)) {
      return;
    }
    if (step.migrateTo() != null && !step.migrateTo().isEmpty()) {
      migrationsUnderWay++;
    }
    if (step.migrateTo() != null) {
      // Set only over the job's own wish (or none): a stop or a newer job may have changed it.
      cluster.updateSpec(job.node(), epoch, spec -> step.migrateTo().isEmpty()
          ? (spec.migrateTo().equals(job.target()) ? spec.migratingTo("") : spec)
          : (spec.isMigrating() ? spec : spec.migratingTo(step.migrateTo())));
    }
    save(job, step.job(), epoch, () -> { });
  }

  /** A move's pause, once its destination measured it (just after the job ended): told as the job's change. */
  private void recordDowntime(Job job, long epoch) {
    migrations.get(job.node())
        .filter(m -> m.to().equals(job.target()) && m.startedMillis() >= job.startedMillis() - 1000)
        .map(MigrationProgress::downtimeMillis)
        .ifPresent(millis -> jobs.update(job.id(), epoch,
            current -> current.equals(job) ? current.withDowntime(millis) : current)
            .filter(saved -> millis.equals(saved.downtimeMillis()))
            .ifPresent(saved -> events.publish(JobEvents.changed(saved))));
  }

  /** A run-level change: one step for the whole cluster; the level is recorded once it is done. */
  private void advanceRunLevel(Job job, long epoch) {
    long now = System.currentTimeMillis();
    Map<Integer, NodeSpec> specs = new TreeMap<>();
    cluster.specs().forEach(spec -> specs.put(spec.node(), spec));
    Map<Integer, NodeStatus> statuses = new HashMap<>();
    cluster.statuses().forEach(status -> statuses.put(status.node(), status));
    ClusterRunLevel current = runLevels.current(specs.keySet(),
        specs.values().stream().filter(NodeSpec::running).map(NodeSpec::node).toList());
    if (job.state() == JobState.QUEUED && runLevels.get().isEmpty()) {
      // The level the change starts from must not be inferred again half-way, from nodes it stopped.
      runLevels.set(current);
    }
    RunLevelDriver.Step step = runLevelDriver.advance(job, specs, statuses, current.level(), now);
    if (step.job().equals(job)) {
      return;
    }
    step.power().forEach((node, power) -> power(node, power, epoch));
    save(job, step.job(), epoch, () -> {
      if (step.reached() != null) {
        runLevels.set(current.after(step.reached(), now));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("level", step.reached());
        data.put("previous", current.level());
        data.put("job", job.id());
        events.publish(Event.of("cluster.runlevel", "cluster", data));
        LOG.info("run level {} (was {})", step.reached(), current.level());
      }
    });
  }

  private void power(int node, JobDriver.Power power, long epoch) {
    switch (power) {
      case ON -> nodes.powerOn(node, epoch);
      case OFF -> nodes.powerOff(node, epoch);
      case NONE -> { }
    }
  }

  /**
   * Saves the job's step unless someone else changed it first; {@code onFinished} runs once a
   * step that finishes the job is saved (before the job's own event goes out).
   */
  private void save(Job job, Job step, long epoch, Runnable onFinished) {
    Job next = step.stampedBy(epoch);
    jobs.update(job.id(), epoch, current -> current.equals(job) ? next : current).ifPresent(saved -> {
      if (saved.equals(next)) {
        if (saved.state().finished()) {
          onFinished.run();
        }
        if (JobEvents.worthTelling(job, saved)) {
          events.publish(JobEvents.changed(saved));
        }
        if (saved.state().finished()) {
          jobs.unlockNode(saved.node(), saved.id());
          metrics.jobFinished(saved.kind().label(), saved.state().label(),
              Duration.ofMillis(Math.max(0, saved.finishedMillis() - saved.createdMillis())));
          LOG.info("job {} ({} node {}) {}{}", saved.id(), saved.kind().label(), saved.node(),
              saved.state().label(), saved.error() == null ? "" : ": " + saved.error());
        }
      }
    });
  }

  private void prune(Collection<Job> all) {
    long cutoff = System.currentTimeMillis() - RETENTION.toMillis();
    List<Job> finished = all.stream().filter(j -> j.state().finished())
        .sorted(Comparator.comparingLong(Job::finishedMillis).reversed()).toList();
    for (int i = 0; i < finished.size(); i++) {
      Job job = finished.get(i);
      if (i >= KEPT_FINISHED || job.finishedMillis() < cutoff) {
        jobs.remove(job.id());
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
