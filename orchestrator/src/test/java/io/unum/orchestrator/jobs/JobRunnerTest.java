package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.testing.InMemoryRunLevelStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.boot.NodePower;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryJobStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
  private final InMemoryClusterStore cluster = new InMemoryClusterStore();
  private final InMemoryJobStore jobs = new InMemoryJobStore();
  private final MemoryEventLog events = new MemoryEventLog();
  private final List<String> powered = new ArrayList<>();
  private final NodePower power = new NodePower() {
    @Override
    public void requireNode(int node) {
      cluster.spec(node).orElseThrow();
    }

    @Override
    public void powerOn(int node, long leaderEpoch) {
      powered.add("on " + node);
      cluster.updateSpec(node, leaderEpoch, s -> s.withRunning(true));
    }

    @Override
    public void powerOff(int node, long leaderEpoch) {
      powered.add("off " + node);
      cluster.updateSpec(node, leaderEpoch, s -> s.withRunning(false));
    }
  };
  private final AtomicLong epoch = new AtomicLong(1);
  private final io.unum.orchestrator.testing.InMemoryMigrationStore migrations =
      new io.unum.orchestrator.testing.InMemoryMigrationStore();
  private final InMemoryRunLevelStore runLevels = new InMemoryRunLevelStore();
  private final Metrics metrics = new Metrics();
  private final JobService service = new JobService(jobs, events, power, () -> true, "host-a");

  private JobRunner runner() {
    return new JobRunner(jobs, cluster, power, runLevels, migrations, () -> 4,
        events,
        epoch::get, Duration.ofSeconds(120), metrics.jobs());
  }

  private void nodeIs(NodeState state) {
    long now = System.currentTimeMillis();
    cluster.updateStatus(2, s -> {
      NodeStatus current = s != null ? s : NodeStatus.initial(2, NodeState.DEFINED, "h1", "unum-node-2", null, null, now);
      return switch (state) {
        case BOOTING -> current.booting(now);
        case RUNNING -> current.running(null, now);
        default -> current.moveTo(state, now);
      };
    });
  }

  @Test
  void onlyTheLeaderRunsJobs() {
    cluster.createSpec(new NodeSpec(2, 1, 512, "", false));
    Job job = service.submit(JobKind.START, 2, null).job();
    epoch.set(LeaderStamp.NONE);
    JobRunner runner = runner();
    try {
      runner.passSafely();
      runner.passSafely();
      assertThat(jobs.job(job.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
      assertThat(powered).isEmpty();
      // The same passes run it once this host leads: the check above saw the leader rule, not an idle runner.
      epoch.set(1);
      runner.passSafely();
      assertThat(jobs.job(job.id()).orElseThrow().state()).isNotEqualTo(JobState.QUEUED);
      assertThat(powered).isNotEmpty();
    } finally {
      runner.close();
    }
  }

  @Test
  void aDeposedLeaderChangesNoJobAndNoSpecANewerLeaderWrote() {
    cluster.createSpec(new NodeSpec(2, 1, 512, "", false));
    cluster.createSpec(new NodeSpec(3, 1, 512, "", false));
    Job first = service.submit(JobKind.START, 2, null).job();
    JobRunner runner = runner();
    epoch.set(2);
    runner.pass();
    assertThat(jobs.job(first.id()).orElseThrow().leaderEpoch()).as("taken by leader 2").isEqualTo(2);
    nodeIs(NodeState.BOOTING);
    nodeIs(NodeState.RUNNING);

    // Leader 1, deposed but not yet aware: the step it computes for the job is refused.
    epoch.set(1);
    assertThatThrownBy(runner::pass).isInstanceOf(DeposedLeaderException.class)
        .hasMessageContaining("job " + first.id() + " was written by the leader of epoch 2");
    assertThat(jobs.job(first.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    runner.passSafely();
    assertThat(jobs.job(first.id()).orElseThrow().state()).as("the safe pass logs and stops")
        .isEqualTo(JobState.RUNNING);

    epoch.set(2);
    runner.pass();
    assertThat(jobs.job(first.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

    // A job leader 1 never touched, for a node whose spec leader 2 wrote: its power change is refused.
    cluster.updateSpec(3, 2, s -> s.withLabels(java.util.Map.of("tier", "db")));
    Job second = service.submit(JobKind.START, 3, null).job();
    epoch.set(1);
    runner.passSafely();
    assertThat(cluster.spec(3).orElseThrow().running()).isFalse();
    assertThat(jobs.job(second.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    epoch.set(2);
    runner.pass();
    assertThat(cluster.spec(3).orElseThrow().running()).isTrue();
    assertThat(jobs.job(second.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void aRunLevelChangeStopsTheOtherNodesAndRecordsTheLevelItLeftAndReached() {
    long now = System.currentTimeMillis();
    for (int node = 1; node <= 3; node++) {
      int n = node;
      cluster.createSpec(new NodeSpec(node, 1, 512, "", true));
      cluster.updateStatus(node, s -> NodeStatus.initial(n, NodeState.BOOTING, "h1", "d", null, null, now)
          .booting(now).running(null, now));
    }
    Job job = service.submitRunLevel(1, null).job();
    assertThat(job.node()).isZero();
    assertThatThrownBy(() -> service.submitRunLevel(3, null)).as("one change at a time")
        .hasMessageContaining("the cluster already has job " + job.id());
    JobRunner runner = runner();
    runner.pass();
    assertThat(powered).containsExactlyInAnyOrder("off 2", "off 3");
    for (int node = 2; node <= 3; node++) {
      cluster.updateStatus(node, s -> s.moveTo(NodeState.STOPPED, now));
    }
    for (int i = 0; i < 4; i++) {
      runner.pass();
    }
    Job done = jobs.job(job.id()).orElseThrow();
    assertThat(done.state()).as(done.toString()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.phase()).isEqualTo("run level 1");
    assertThat(runLevels.get().orElseThrow().level()).isEqualTo(1);
    assertThat(runLevels.get().orElseThrow().previous()).as("inferred from every node running").isEqualTo(3);
    assertThat(events.types()).contains("cluster.runlevel").endsWith("job.succeeded");
    assertThat(jobs.lockHolder(0)).isEmpty();
  }

  @Test
  void aStartJobPowersTheNodeOnFollowsItAndFreesTheNode() {
    cluster.createSpec(new NodeSpec(2, 1, 512, "", false));
    Job job = service.submit(JobKind.START, 2, null).job();
    JobRunner runner = runner();
    runner.pass();
    assertThat(powered).containsExactly("on 2");
    assertThat(cluster.spec(2).orElseThrow().running()).isTrue();
    nodeIs(NodeState.BOOTING);
    runner.pass();
    assertThat(jobs.job(job.id()).orElseThrow().phase()).isEqualTo("booting");
    nodeIs(NodeState.RUNNING);
    runner.pass();
    Job done = jobs.job(job.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(jobs.lockHolder(2)).isEmpty();
    assertThat(events.types()).startsWith("job.queued", "job.running").endsWith("job.succeeded");
    runner.pass();
    assertThat(powered).as("nothing is done twice").containsExactly("on 2");
  }

  @Test
  void aNewLeaderCarriesOnAJobWithoutRepeatingItsPowerChange() {
    cluster.createSpec(NodeSpec.withDefaults(2));
    nodeIs(NodeState.BOOTING);
    nodeIs(NodeState.RUNNING);
    Job job = service.submit(JobKind.REBOOT, 2, null).job();
    runner().pass(); // the first leader begins the stop half, then dies
    assertThat(powered).containsExactly("off 2");
    nodeIs(NodeState.STOPPING);
    nodeIs(NodeState.STOPPED);
    JobRunner next = runner();
    next.pass();
    assertThat(powered).containsExactly("off 2", "on 2");
    nodeIs(NodeState.BOOTING);
    nodeIs(NodeState.RUNNING);
    next.pass();
    assertThat(jobs.job(job.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void finishedJobsBeyondTheKeptNumberArePruned() {
    long now = System.currentTimeMillis();
    jobs.put(Job.queued("j-old", JobKind.STOP, 1, "a", 0).succeeded("stopped",
        now - JobRunner.RETENTION.toMillis() - 1));
    for (int i = 0; i < JobRunner.KEPT_FINISHED + 5; i++) {
      jobs.put(Job.queued("j-" + i, JobKind.STOP, 1, "a", now - 10_000).succeeded("stopped", now - 5000 + i));
    }
    runner().pass();
    assertThat(jobs.jobs()).hasSize(JobRunner.KEPT_FINISHED);
    assertThat(jobs.job("j-old")).as("older than the retention").isEmpty();
    assertThat(jobs.job("j-0")).as("the oldest go first").isEmpty();
    assertThat(jobs.job("j-" + (JobRunner.KEPT_FINISHED + 4))).isPresent();
  }

  @Test
  void aMigrationsJobGetsThePauseItsDestinationMeasured() {
    cluster.createSpec(new NodeSpec(2, 1, 512, "", true).boundTo("h1"));
    long now = System.currentTimeMillis();
    cluster.updateStatus(2, s -> NodeStatus.initial(2, NodeState.RUNNING, "h1", "d", null, null, now));
    Job job = service.submitMigration(2, "h2", null, null).job();
    JobRunner runner = runner();
    runner.pass();
    assertThat(cluster.spec(2).orElseThrow().migrateTo()).isEqualTo("h2");
    io.unum.orchestrator.migration.MigrationProgress move = io.unum.orchestrator.migration.MigrationProgress
        .begun(2, "h1", "h2", System.currentTimeMillis());
    cluster.updateSpec(2, NodeSpec::migrated);
    migrations.put(move.succeeded(System.currentTimeMillis()));
    runner.pass();
    assertThat(jobs.job(job.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(jobs.job(job.id()).orElseThrow().downtimeMillis()).as("not measured yet").isNull();
    migrations.put(migrations.get(2).orElseThrow().withDowntime(84));
    runner.pass();
    assertThat(jobs.job(job.id()).orElseThrow().downtimeMillis()).isEqualTo(84L);
    assertThat(events.types()).endsWith("job.succeeded", "job.succeeded");
  }
}
