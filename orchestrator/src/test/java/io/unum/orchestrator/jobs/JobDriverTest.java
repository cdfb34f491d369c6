package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.jobs.JobDriver.Power;
import io.unum.orchestrator.jobs.JobDriver.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDriverTest {
  private static final long T0 = 1_000_000;
  private final JobDriver driver = new JobDriver(Duration.ofSeconds(120));
  private final NodeSpec spec = NodeSpec.withDefaults(3);

  private static NodeStatus status(NodeState state, String host, long since) {
    NodeStatus initial = NodeStatus.initial(3, NodeState.DEFINED, host, "unum-node-3", null, null, since);
    return switch (state) {
      case DEFINED -> initial;
      case BOOTING -> initial.booting(since);
      case RUNNING -> initial.booting(since - 10_000).running(null, since);
      case STOPPING -> initial.booting(since).moveTo(NodeState.STOPPING, since);
      case STOPPED -> initial.moveTo(NodeState.STOPPED, since);
      case FAILED -> initial.booting(since).failed("no hello after 120 s", List.of("panic"), since);
    };
  }

  private Job begun(JobKind kind) {
    Step first = driver.advance(Job.queued("j-1", kind, 3, "a", T0 - 10), spec, null, T0);
    assertThat(first.job().state()).isEqualTo(JobState.RUNNING);
    return first.job();
  }

  @Test
  void aStartSetsTheNodeRunningOnceThenFollowsItToRunning() {
    Step first = driver.advance(Job.queued("j-1", JobKind.START, 3, "a", T0), spec, null, T0);
    assertThat(first.power()).isEqualTo(Power.ON);
    Job job = first.job();

    Step placing = driver.advance(job, spec, null, T0 + 100);
    assertThat(placing.power()).as("the power is set once, when the stage begins").isEqualTo(Power.NONE);
    assertThat(placing.job().phase()).isEqualTo("placing");

    Step booting = driver.advance(placing.job(), spec, status(NodeState.BOOTING, "h2", T0 + 500), T0 + 10_500);
    assertThat(booting.job().phase()).isEqualTo("booting");
    assertThat(booting.job().percent()).isBetween(31, 95);

    Step done = driver.advance(booting.job(), spec, status(NodeState.RUNNING, "h2", T0 + 20_000), T0 + 20_100);
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.job().percent()).isEqualTo(100);
    assertThat(done.job().finishedMillis()).isEqualTo(T0 + 20_100);
  }

  @Test
  void progressNeverGoesBackwards() {
    Job job = begun(JobKind.START);
    Job booting = driver.advance(job, spec, status(NodeState.BOOTING, "h2", T0), T0 + 15_000).job();
    Job again = driver.advance(booting, spec, status(NodeState.DEFINED, "h2", T0), T0 + 15_100).job();
    assertThat(again.percent()).isEqualTo(booting.percent());
  }

  @Test
  void aFailedBootFailsTheJobWithTheNodesReason() {
    Job job = begun(JobKind.START);
    Step failed = driver.advance(job, spec, status(NodeState.FAILED, "h2", T0 + 5), T0 + 130_000);
    assertThat(failed.job().state()).isEqualTo(JobState.FAILED);
    assertThat(failed.job().error()).isEqualTo("no hello after 120 s");
  }

  @Test
  void aNodeThatFindsNoHostFailsTheJobAfterTheBoundWithWhy() {
    Job job = begun(JobKind.START);
    NodeStatus unplaced = NodeStatus.unplaced(3, "no host has 512 MiB free", T0);
    Step waiting = driver.advance(job, spec, unplaced, T0 + 1000);
    assertThat(waiting.job().phase()).isEqualTo("placing: no host has 512 MiB free");
    Step gaveUp = driver.advance(waiting.job(), spec, unplaced, T0 + JobDriver.PLACE_TIMEOUT.toMillis() + 1);
    assertThat(gaveUp.job().state()).isEqualTo(JobState.FAILED);
    assertThat(gaveUp.job().error()).contains("gave up after 120 s", "placing: no host has 512 MiB free");
  }

  @Test
  void aStopEndsWhenTheNodeIsDown() {
    Step first = driver.advance(Job.queued("j-1", JobKind.STOP, 3, "a", T0), spec, null, T0);
    assertThat(first.power()).isEqualTo(Power.OFF);
    Step stopping = driver.advance(first.job(), spec, status(NodeState.STOPPING, "h2", T0), T0 + 5000);
    assertThat(stopping.job().phase()).isEqualTo("stopping");
    assertThat(stopping.job().state()).isEqualTo(JobState.RUNNING);
    Step stopped = driver.advance(stopping.job(), spec, status(NodeState.STOPPED, "h2", T0 + 6000), T0 + 6100);
    assertThat(stopped.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(stopped.job().phase()).isEqualTo("stopped");
  }

  @Test
  void aRebootStopsThenStartsAgain() {
    Job job = begun(JobKind.REBOOT);
    Step stopped = driver.advance(job, spec, status(NodeState.STOPPED, "h2", T0 + 3000), T0 + 3000);
    assertThat(stopped.power()).isEqualTo(Power.ON);
    assertThat(stopped.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(stopped.job().phase()).isEqualTo("starting");
    Step booting = driver.advance(stopped.job(), spec, status(NodeState.BOOTING, "h2", T0 + 3500), T0 + 4000);
    assertThat(booting.power()).isEqualTo(Power.NONE);
    assertThat(booting.job().phase()).isEqualTo("booting");
    Step up = driver.advance(booting.job(), spec, status(NodeState.RUNNING, "h2", T0 + 20_000), T0 + 20_000);
    assertThat(up.job().state()).isEqualTo(JobState.SUCCEEDED);
  }

  @Test
  void aDeletedNodeFailsItsJob() {
    Job job = begun(JobKind.START);
    Step step = driver.advance(job, null, null, T0 + 100);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("node 3 was deleted");
  }

  @Test
  void aStopThatNeverHappensFailsAfterTheBound() {
    Job job = begun(JobKind.STOP);
    Step step = driver.advance(job, spec, status(NodeState.RUNNING, "h2", T0),
        T0 + JobDriver.STOP_TIMEOUT.toMillis() + 1);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).contains("gave up after 60 s in phase 'stopping'");
  }
}
