package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.orchestrator.boot.NodePower;
import io.unum.orchestrator.cluster.NoQuorumException;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.testing.InMemoryJobStore;
import io.unum.orchestrator.testing.MemoryEventLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class JobServiceTest {
  private final InMemoryJobStore store = new InMemoryJobStore();
  private final MemoryEventLog events = new MemoryEventLog();
  private final AtomicBoolean quorum = new AtomicBoolean(true);
  private final KnownNodes nodes = new KnownNodes(Set.of(1, 2));
  private final JobService jobs = new JobService(store, events, nodes, quorum::get, "host-a");

  /** Nodes 1 and 2 exist; power changes are the runner's business, not the service's. */
  record KnownNodes(Set<Integer> nodes) implements NodePower {
    @Override
    public void requireNode(int node) {
      if (!nodes.contains(node)) {
        throw new IllegalArgumentException("node " + node + " does not exist");
      }
    }

    @Override
    public void powerOn(int node, long leaderEpoch) {
      throw new AssertionError("the service must not power nodes");
    }

    @Override
    public void powerOff(int node, long leaderEpoch) {
      throw new AssertionError("the service must not power nodes");
    }
  }

  @Test
  void aJobIsQueuedForTheLeaderWithWhoAcceptedItAndAnEvent() {
    Job job = jobs.submit(JobKind.START, 1, null).job();
    assertThat(job.state()).isEqualTo(JobState.QUEUED);
    assertThat(job.acceptedBy()).isEqualTo("host-a");
    assertThat(job.id()).matches("j-[0-9a-f-]+");
    assertThat(jobs.get(job.id())).isEqualTo(job);
    assertThat(events.types()).containsExactly("job.queued");
    assertThat(store.lockHolder(1)).hasValue(job.id());
  }

  @Test
  void aJobTheControlPlaneLostAfterItsAcceptanceIsPutBackWithItsLock() {
    Job job = jobs.submit(JobKind.START, 1, null).job();
    // A member that held it dropped out before its backup had it: job and lock are gone.
    store.remove(job.id());
    store.unlockNode(1, job.id());

    assertThat(jobs.get(job.id())).as("readable as accepted").isEqualTo(job);
    assertThat(store.job(job.id())).as("back in the control plane, for the leader to run").hasValue(job);
    assertThat(store.lockHolder(1)).hasValue(job.id());
  }

  @Test
  void aLostJobWhoseNodeAnotherJobTookComesBackFailedSayingSo() {
    Job lost = jobs.submit(JobKind.START, 1, null).job();
    store.remove(lost.id());
    store.unlockNode(1, lost.id());
    Job other = jobs.submit(JobKind.STOP, 1, null).job();

    Job back = jobs.get(lost.id());

    assertThat(back.state()).isEqualTo(JobState.FAILED);
    assertThat(back.error()).contains("lost by the control plane", other.id());
    assertThat(store.lockHolder(1)).as("the other job keeps the node").hasValue(other.id());
  }

  @Test
  void aJobThisHostNeverAcceptedIsNotFound() {
    assertThatThrownBy(() -> jobs.get("j-unknown")).isInstanceOf(NoSuchJobException.class);
  }

  @Test
  void theSameIdempotencyKeyAnswersTheFirstJob() {
    JobService.Submission first = jobs.submit(JobKind.START, 1, "key-1");
    JobService.Submission again = jobs.submit(JobKind.START, 1, "key-1");
    assertThat(first.replayed()).isFalse();
    assertThat(again.replayed()).isTrue();
    assertThat(again.job().id()).isEqualTo(first.job().id());
    assertThat(jobs.list(null, null)).hasSize(1);
  }

  @Test
  void anIdempotencyKeyReusedForAnotherRequestIsRefused() {
    jobs.submit(JobKind.START, 1, "key-1");
    assertThatThrownBy(() -> jobs.submit(JobKind.STOP, 2, "key-1"))
        .isInstanceOf(IdempotencyKeyReusedException.class)
        .hasMessageContaining("first used for start node 1").hasMessageContaining("stop node 2");
    assertThat(jobs.list(2, null)).isEmpty();
  }

  @Test
  void aSecondStartOfTheSameNodeConflictsAndFreesItsKey() {
    Job first = jobs.submit(JobKind.START, 1, null).job();
    assertThatThrownBy(() -> jobs.submit(JobKind.REBOOT, 1, "key-2"))
        .isInstanceOf(JobConflictException.class).hasMessageContaining(first.id());
    store.update(first.id(), job -> job.succeeded("running", 5));
    assertThat(jobs.submit(JobKind.REBOOT, 1, "key-2").replayed())
        .as("the refused request did not keep the key").isFalse();
  }

  @Test
  void aStopSupersedesAStartStillRunning() {
    Job start = jobs.submit(JobKind.START, 1, null).job();
    Job stop = jobs.submit(JobKind.STOP, 1, null).job();
    assertThat(jobs.get(start.id()).state()).isEqualTo(JobState.FAILED);
    assertThat(jobs.get(start.id()).error()).isEqualTo("superseded by job " + stop.id() + " (stop)");
    assertThat(store.lockHolder(1)).hasValue(stop.id());
  }

  @Test
  void nothingIsAcceptedWithoutQuorumOrForAnUnknownNode() {
    quorum.set(false);
    assertThatThrownBy(() -> jobs.submit(JobKind.START, 1, null)).isInstanceOf(NoQuorumException.class)
        .hasMessageContaining("no majority");
    quorum.set(true);
    assertThatThrownBy(() -> jobs.submit(JobKind.START, 9, null)).hasMessageContaining("node 9 does not exist");
    assertThat(jobs.list(null, null)).isEmpty();
    assertThat(events.all()).isEmpty();
  }

  @Test
  void nodeJobsAndRunLevelChangesWaitForEachOther() {
    Job start = jobs.submit(JobKind.START, 2, null).job();
    assertThatThrownBy(() -> jobs.submitRunLevel(1, null)).isInstanceOf(JobConflictException.class)
        .hasMessageContaining("node 2 has job " + start.id());
    store.update(start.id(), job -> job.failed("test", 1));
    Job change = jobs.submitRunLevel(1, null).job();
    assertThatThrownBy(() -> jobs.submit(JobKind.STOP, 1, null)).isInstanceOf(JobConflictException.class)
        .hasMessageContaining("changing its run level (job " + change.id());
  }

  /** Plays the leader's runner: once the cancel is asked for, ends the job with {@code end}. */
  private Thread runner(String id, java.util.function.UnaryOperator<Job> end) {
    Thread thread = new Thread(() -> {
      while (!store.job(id).orElseThrow().cancelRequested()) {
        Thread.onSpinWait();
      }
      store.update(id, end);
    });
    thread.start();
    return thread;
  }

  @Test
  void aCancelledMigrationEndsAsTheRunnerEndsIt() throws Exception {
    Job migration = jobs.submitMigration(2, "host-b", null, null).job();
    NodeSpec onA = NodeSpec.withDefaults(2).boundTo("host-a");
    Thread leader = runner(migration.id(), job -> new MigrationDriver().advance(job, onA, null, 5, 0, 4).job());
    Job cancelled = jobs.cancel(migration.id());
    leader.join();
    assertThat(cancelled.state()).isEqualTo(JobState.FAILED);
    assertThat(cancelled.error()).isEqualTo("cancelled before it began; node 2 stays on host-a");
    assertThat(events.types()).containsExactly("job.queued", "job.queued");
    assertThatThrownBy(() -> jobs.cancel(migration.id())).isInstanceOf(JobConflictException.class)
        .hasMessageContaining("already failed");
    Job start = jobs.submit(JobKind.START, 2, null).job();
    assertThatThrownBy(() -> jobs.cancel(start.id())).isInstanceOf(JobConflictException.class)
        .hasMessageContaining("only migrations");
  }

  @Test
  void aMigrationThatSwitchedOverBeforeTheCancelReachedItIsAConflict() throws Exception {
    Job migration = jobs.submitMigration(2, "host-b", null, null).job();
    Thread leader = runner(migration.id(), job -> job.succeeded("on host-b", 5));
    assertThatThrownBy(() -> jobs.cancel(migration.id())).isInstanceOf(JobConflictException.class)
        .hasMessageContaining("too late: node 2 had switched over to host-b");
    leader.join();
  }

  @Test
  void anUnknownJobSaysHowToFindTheOthers() {
    assertThatThrownBy(() -> jobs.get("j-nope")).isInstanceOf(NoSuchJobException.class)
        .hasMessageContaining("unum jobs");
  }
}
