package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.jobs.JobDriver.Power;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run-level changes step by step: order of the nodes, retries, and what a new leader sees. */
class RunLevelDriverTest {
  private final RunLevelDriver driver = new RunLevelDriver(Duration.ofSeconds(60));
  private final Map<Integer, NodeSpec> specs = new HashMap<>();
  private final Map<Integer, NodeStatus> statuses = new HashMap<>();
  private long now = 1_000;

  RunLevelDriverTest() {
    for (int node = 1; node <= 3; node++) {
      specs.put(node, new NodeSpec(node, 1, 512, null, true));
      running(node);
    }
  }

  private void running(int node) {
    statuses.put(node, NodeStatus.initial(node, NodeState.BOOTING, "h", "d", null, null, now)
        .booting(now).running(null, now));
  }

  private void stopped(int node) {
    statuses.put(node, NodeStatus.initial(node, NodeState.STOPPED, "h", "d", null, null, now));
  }

  private void failed(int node) {
    now += 1; // after the boot that was asked for
    statuses.put(node, NodeStatus.initial(node, NodeState.BOOTING, "h", "d", null, null, now).booting(now)
        .failed("kernel panic", List.of(), now));
  }

  private RunLevelDriver.Step step(Job job, int current) {
    now += 250;
    return driver.advance(job, specs, statuses, current, now);
  }

  @Test
  void singleUserStopsEveryNodeButTheRootAndComesBackToThreeInOrder() {
    RunLevelDriver.Step step = step(Job.queuedRunLevel("j-1", 1, "h", now), 3);
    assertThat(step.power()).isEqualTo(Map.of(2, Power.OFF, 3, Power.OFF));
    assertThat(step.job().phase()).isEqualTo("stopping nodes");
    step = step(step.job(), 3);
    assertThat(step.power()).as("waits for the stops").isEmpty();
    stopped(2);
    stopped(3);
    step = step(step.job(), 3);
    assertThat(step.power()).as("the root stays: level 1 keeps it").isEmpty();
    step = step(step(step(step.job(), 3).job(), 3).job(), 3);
    assertThat(step.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(step.job().phase()).isEqualTo("run level 1");
    assertThat(step.reached()).isEqualTo(1);

    step = step(Job.queuedRunLevel("j-2", 3, "h", now), 1);
    step = step(step(step(step.job(), 1).job(), 1).job(), 1);
    assertThat(step.job().phase()).as("the root already runs: no root phase").isEqualTo("starting nodes");
    assertThat(step.power()).isEqualTo(Map.of(2, Power.ON, 3, Power.ON));
    running(2);
    step = step(step.job(), 1);
    assertThat(step.job().phase()).isEqualTo("starting nodes: 1 of 2 up");
    running(3);
    step = step(step.job(), 1);
    assertThat(step.reached()).isEqualTo(3);
  }

  @Test
  void haltStopsTheRootLastAndRebootStartsItFirst() {
    RunLevelDriver.Step step = step(Job.queuedRunLevel("j-1", 6, "h", now), 3);
    assertThat(step.power()).isEqualTo(Map.of(2, Power.OFF, 3, Power.OFF));
    stopped(2);
    stopped(3);
    step = step(step.job(), 3);
    assertThat(step.power()).as("then the root").isEqualTo(Map.of(1, Power.OFF));
    stopped(1);
    step = step(step.job(), 3);
    assertThat(step.power()).as("root first back").isEqualTo(Map.of(1, Power.ON));
    step = step(step.job(), 3);
    assertThat(step.power()).as("the others wait for the root").isEmpty();
    running(1);
    step = step(step.job(), 3);
    assertThat(step.power()).isEqualTo(Map.of(2, Power.ON, 3, Power.ON));
    running(2);
    running(3);
    step = step(step.job(), 3);
    assertThat(step.reached()).as("a reboot comes back to the level it left").isEqualTo(3);
  }

  @Test
  void aNodeThatKeepsFailingIsLeftOutAndARootThatDoesFailsTheChange() {
    stopped(1);
    stopped(2);
    stopped(3);
    RunLevelDriver.Step step = step(Job.queuedRunLevel("j-1", 3, "h", now), 0);
    step = step(step(step.job(), 0).job(), 0);
    assertThat(step.power()).isEqualTo(Map.of(1, Power.ON));
    running(1);
    step = step(step.job(), 0);
    assertThat(step.power()).isEqualTo(Map.of(2, Power.ON, 3, Power.ON));
    running(2);
    for (int boot = 2; boot <= 1 + RunLevelDriver.RETRIES; boot++) {
      failed(3);
      step = step(step.job(), 0);
      assertThat(step.power()).as("boot %d of node 3", boot).isEqualTo(Map.of(3, Power.ON));
      step = step(step.job(), 0);
      assertThat(step.power()).as("an old failure is not a new one").isEmpty();
    }
    failed(3);
    step = step(step.job(), 0);
    assertThat(step.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(step.job().phase()).isEqualTo("run level 3 without node 3 (kernel panic)");

    stopped(1);
    stopped(2);
    step = step(Job.queuedRunLevel("j-2", 1, "h", now), 0);
    step = step(step(step.job(), 0).job(), 0);
    for (int boot = 1; boot <= 1 + RunLevelDriver.RETRIES; boot++) {
      failed(1);
      step = step(step.job(), 0);
    }
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("the root node 1 did not boot after 3 tries: kernel panic");
  }

  @Test
  void aNewLeaderContinuesFromTheSavedJobWithoutRepeatingAPowerChange() {
    RunLevelDriver.Step step = step(Job.queuedRunLevel("j-1", 0, "h", now), 3);
    Job saved = step.job();
    RunLevelDriver other = new RunLevelDriver(Duration.ofSeconds(60));
    assertThat(other.advance(saved, specs, statuses, 3, now + 500).power()).as("nodes still stopping").isEmpty();
  }
}
