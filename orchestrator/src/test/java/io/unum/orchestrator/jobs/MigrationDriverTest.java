package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.loadlevel.MigrationProgress;
import org.junit.jupiter.api.Test;

/** A migration job sets the wish once, follows the source's report, and ends by the binding. */
class MigrationDriverTest {
  private final MigrationDriver driver = new MigrationDriver();
  private final NodeSpec onA = NodeSpec.withDefaults(2).boundTo("host-a");

  private Job running() {
    Job queued = Job.queuedMigration("j-1", 2, "host-b", "host-a", 1000);
    MigrationDriver.Step first = driver.advance(queued, onA, null, 2000);
    assertThat(first.migrateTo()).isEqualTo("host-b");
    assertThat(first.job().state()).isEqualTo(JobState.RUNNING);
    return first.job();
  }

  @Test
  void itSucceedsOnceTheNodeIsBoundToTheTarget() {
    Job job = running();
    NodeSpec moving = onA.migratingTo("host-b");
    MigrationProgress copying = MigrationProgress.begun(2, "host-a", "host-b", 2100).copying(40, 100, 40, 60, 2300);
    MigrationDriver.Step step = driver.advance(job, moving, copying, 2400);
    assertThat(step.migrateTo()).isNull();
    assertThat(step.job().phase()).isEqualTo("copying memory to host-b: 40%");
    MigrationDriver.Step done = driver.advance(step.job(), moving.migrated(), copying.succeeded(2700), 2800);
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.job().phase()).isEqualTo("on host-b in 600 ms");
  }

  @Test
  void aClearedWishWithTheNodeStillAtHomeIsAFailureWithTheSourcesReason() {
    Job job = running();
    MigrationProgress failed = MigrationProgress.begun(2, "host-a", "host-b", 2100).failed("connection refused", 2500);
    MigrationDriver.Step step = driver.advance(job, onA, failed, 2600);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("connection refused; node 2 runs on at host-a");
  }

  @Test
  void aMigrationThatTakesTooLongIsGivenUpAndItsWishCleared() {
    Job job = running();
    MigrationDriver.Step step = driver.advance(job, onA.migratingTo("host-b"), null,
        2000 + MigrationDriver.TIMEOUT.toMillis() + 1);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.migrateTo()).isEmpty();
  }

  @Test
  void anOldReportOfAnotherMigrationIsNotTakenForThisOne() {
    Job job = running();
    MigrationProgress old = MigrationProgress.begun(2, "host-c", "host-b", 10).failed("earlier", 20);
    MigrationDriver.Step step = driver.advance(job, onA, old, 2600);
    assertThat(step.job().error()).startsWith("the migration was cancelled");
  }
}
