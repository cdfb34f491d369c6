package io.unum.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.cluster.ControlPlane;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real member: the runner's filtered read finds exactly the live jobs, by the record's own fields. */
class HazelcastJobStoreTest {
  @TempDir
  Path dir;

  private ControlPlane plane;
  private HazelcastJobStore store;

  @BeforeEach
  void start() {
    plane = ControlPlane.start("unum-test-jobs", "a", "127.0.0.1", 5916, List.of("127.0.0.1:5916"), dir);
    store = new HazelcastJobStore(plane.hazelcast());
  }

  @AfterEach
  void stop() {
    plane.hazelcast().getLifecycleService().terminate();
  }

  @Test
  void liveJobsAreTheUnfinishedAndTheRecentlyFinished() {
    store.put(Job.queued("queued", JobKind.START, 1, "h1", 1_000));
    store.put(Job.queuedMigration("running", 2, "h2", null, "h1", 1_000).begun(2_000));
    store.put(Job.queued("old-success", JobKind.STOP, 3, "h1", 1_000).begun(1_500).succeeded("stopped", 5_000));
    store.put(Job.queued("old-failure", JobKind.STOP, 4, "h1", 1_000).begun(1_500).failed("no", 9_999));
    store.put(Job.queued("recent", JobKind.STOP, 5, "h1", 1_000).begun(1_500).succeeded("stopped", 10_000));

    assertThat(store.live(10_000)).extracting(Job::id).containsExactlyInAnyOrder("queued", "running", "recent");
    assertThat(store.live(0)).hasSize(5);
    assertThat(store.jobs()).hasSize(5);
  }
}
