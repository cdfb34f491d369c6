package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.hypervisor.MigrationStats;
import io.unum.orchestrator.migration.MigrationProgress;
import org.junit.jupiter.api.Test;

/** A migration job sets the wish once, follows the source's report, and ends by the binding. */
class MigrationDriverTest {
  private final MigrationDriver driver = new MigrationDriver();
  private final NodeSpec onA = NodeSpec.withDefaults(2).boundTo("host-a");

  private Job running() {
    Job queued = Job.queuedMigration("j-1", 2, "host-b", null, "host-a", 1000);
    MigrationDriver.Step first = driver.advance(queued, onA, null, 2000, 0, 4);
    assertThat(first.migrateTo()).isEqualTo("host-b");
    assertThat(first.job().state()).isEqualTo(JobState.RUNNING);
    return first.job();
  }

  @Test
  void itSucceedsOnceTheNodeIsBoundToTheTarget() {
    Job job = running();
    NodeSpec moving = onA.migratingTo("host-b");
    MigrationProgress copying = MigrationProgress.begun(2, "host-a", "host-b", 2100)
        .copying(new MigrationStats(200, 100 << 20, 40 << 20, 60 << 20, 0, 0, 0, 1), 2300);
    MigrationDriver.Step step = driver.advance(job, moving, copying, 2400, 0, 4);
    assertThat(step.migrateTo()).isNull();
    assertThat(step.job().phase()).isEqualTo("copying memory to host-b: 40%");
    MigrationProgress again = copying.copying(new MigrationStats(900, 100 << 20, 95 << 20, 12 << 20, 3 << 20, 40,
        50 << 20, 2), 2350);
    assertThat(driver.advance(step.job(), moving, again, 2400, 0, 4).job().phase())
        .isEqualTo("copying memory to host-b: 88%, pass 2, 12 MiB left, dirtying 3 MiB/s, switch-over ~40 ms");
    MigrationDriver.Step done = driver.advance(step.job(), moving.migrated(), copying.succeeded(2700), 2800, 0, 4);
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.job().phase()).isEqualTo("on host-b in 600 ms");
  }

  @Test
  void aClearedWishWithTheNodeStillAtHomeIsAFailureWithTheSourcesReason() {
    Job job = running();
    MigrationProgress failed = MigrationProgress.begun(2, "host-a", "host-b", 2100).failed("connection refused", 2500);
    MigrationDriver.Step step = driver.advance(job, onA, failed, 2600, 0, 4);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("connection refused; node 2 runs on at host-a");
  }

  @Test
  void aMigrationThatTakesTooLongIsGivenUpAndItsWishCleared() {
    Job job = running();
    MigrationDriver.Step step = driver.advance(job, onA.migratingTo("host-b"), null,
        2000 + MigrationDriver.TIMEOUT.toMillis() + 1, 1, 4);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.migrateTo()).isEmpty();
  }

  @Test
  void anOldReportOfAnotherMigrationIsNotTakenForThisOne() {
    Job job = running();
    MigrationProgress old = MigrationProgress.begun(2, "host-c", "host-b", 10).failed("earlier", 20);
    MigrationDriver.Step step = driver.advance(job, onA, old, 2600, 0, 4);
    assertThat(step.job().error()).startsWith("the migration was cancelled");
  }

  @Test
  void aMigrationWaitsQueuedWhileTheClusterIsAtItsCap() {
    Job queued = Job.queuedMigration("j-1", 2, "host-b", null, "host-a", 1000);
    MigrationDriver.Step waiting = driver.advance(queued, onA, null, 2000, 4, 4);
    assertThat(waiting.job().state()).isEqualTo(JobState.QUEUED);
    assertThat(waiting.job().phase()).isEqualTo("waiting for a slot: 4 migrations under way, at most 4 at once");
    assertThat(waiting.migrateTo()).isNull();
    assertThat(driver.advance(waiting.job(), onA, null, 2500, 3, 4).migrateTo()).isEqualTo("host-b");
  }

  @Test
  void aCancelBeforeTheMigrationBeganEndsItThere() {
    Job queued = Job.queuedMigration("j-1", 2, "host-b", null, "host-a", 1000).cancelling();
    MigrationDriver.Step step = driver.advance(queued, onA, null, 2000, 0, 4);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("cancelled before it began; node 2 stays on host-a");
    assertThat(step.migrateTo()).isNull();
  }

  @Test
  void aCancelClearsTheWishAndTheJobEndsWithWhatTheSourceDid() {
    Job job = running().cancelling();
    NodeSpec moving = onA.migratingTo("host-b");
    MigrationProgress copying = MigrationProgress.begun(2, "host-a", "host-b", 2100)
        .copying(new MigrationStats(200, 100 << 20, 40 << 20, 60 << 20, 0, 0, 0, 1), 2300);
    MigrationDriver.Step clear = driver.advance(job, moving, copying, 2400, 1, 4);
    assertThat(clear.migrateTo()).isEmpty();
    assertThat(clear.job().phase()).isEqualTo("cancelling: host-a aborts the copy");
    assertThat(clear.job().stageSinceMillis()).isEqualTo(2400);
    MigrationDriver.Step waiting = driver.advance(clear.job(), onA, copying, 2500, 0, 4);
    assertThat(waiting.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(waiting.job().phase()).isEqualTo("waiting for host-a to end the copy");
    MigrationProgress aborted = copying.failed(MigrationProgress.CANCELLED + ": operation aborted", 2600);
    MigrationDriver.Step failed = driver.advance(waiting.job(), onA, aborted, 2700, 0, 4);
    assertThat(failed.job().state()).isEqualTo(JobState.FAILED);
    assertThat(failed.job().error()).isEqualTo("cancelled: operation aborted; node 2 runs on at host-a");
  }

  @Test
  void aCopyThatSwitchedOverBeforeItsCancelSucceeds() {
    Job job = running().cancelling();
    MigrationProgress copied = MigrationProgress.begun(2, "host-a", "host-b", 2100).succeeded(2600);
    MigrationDriver.Step step = driver.advance(job, onA.migratingTo("host-b").migrated(), copied, 2700, 0, 4);
    assertThat(step.job().state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(step.job().phase()).isEqualTo("on host-b in 500 ms (it switched over before the cancel reached it)");
  }

  @Test
  void aSourceThatNeverReportsTheEndOfItsCopyIsNotWaitedForForever() {
    Job job = running();
    MigrationProgress copying = MigrationProgress.begun(2, "host-a", "host-b", 2100);
    MigrationDriver.Step step = driver.advance(job, onA, copying, 2100 + MigrationDriver.SETTLE.toMillis() + 1, 0, 4);
    assertThat(step.job().state()).isEqualTo(JobState.FAILED);
    assertThat(step.job().error()).isEqualTo("the migration was cancelled; node 2 runs on at host-a");
  }

  @Test
  void aCancelledJobWaitsForASourceThatHasNotReportedYetThenFails() {
    Job job = running().cancelling();
    MigrationDriver.Step clear = driver.advance(job, onA.migratingTo("host-b"), null, 3000, 1, 4);
    MigrationDriver.Step early = driver.advance(clear.job(), onA, null, 3000 + 1000, 0, 4);
    assertThat(early.job().state()).as("the source may have read the wish just before").isEqualTo(JobState.RUNNING);
    MigrationDriver.Step late = driver.advance(early.job(), onA, null,
        3000 + MigrationDriver.CANCEL_SETTLE.toMillis() + 1, 0, 4);
    assertThat(late.job().state()).isEqualTo(JobState.FAILED);
    assertThat(late.job().error()).isEqualTo("cancelled; node 2 runs on at host-a");
  }

  @Test
  void aCancelThatWonOverTheSavingOfTheBeginningStillWaitsForTheSource() {
    Job queued = Job.queuedMigration("j-1", 2, "host-b", null, "host-a", 1000).cancelling();
    MigrationDriver.Step step = driver.advance(queued, onA.migratingTo("host-b"), null, 2000, 1, 4);
    assertThat(step.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(step.job().phase()).isEqualTo("cancelling: host-a aborts the copy");
    assertThat(step.migrateTo()).isEmpty();
    MigrationProgress copied = MigrationProgress.begun(2, "host-a", "host-b", 2100).succeeded(2600);
    MigrationDriver.Step done = driver.advance(step.job(), onA.migratingTo("host-b").migrated(), copied, 2700, 0, 4);
    assertThat(done.job().state()).as("it had switched over").isEqualTo(JobState.SUCCEEDED);
  }
}
