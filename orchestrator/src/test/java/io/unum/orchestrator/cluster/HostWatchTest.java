package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.InMemoryClusterStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Who writes the verdicts, and that a verdict never overwrites an entry that changed meanwhile. */
class HostWatchTest {
  private static final long SECOND = 1_000_000_000L;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final Set<String> live = new HashSet<>(Set.of("m-a", "m-b"));
  private final AtomicBoolean leading = new AtomicBoolean();
  private long now;

  private HostWatch watch(BooleanSupplier judging) {
    return new HostWatch(store, store, new FailureDetector(Duration.ofSeconds(10)), () -> Set.copyOf(live), judging,
        () -> now);
  }

  private void register(String name) {
    HostInfo info = new HostInfo(name, 2, 4096, "tcg", "test", "qemu:///system", "10.0.0.1", name + ":7070", "k",
        "i", 0, true, null);
    store.updateHost(name, s -> new HostStatus(info, "m-" + name, HostState.UP, 0, 0));
  }

  private HostState state(String name) {
    return store.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().state();
  }

  private void beat(String name) {
    store.updateHost(name, s -> s.withHeartbeat(s.heartbeat() + 1));
  }

  @Test
  void everyMemberWatchesButOnlyTheLeaderWrites() {
    register("a");
    register("b");
    HostWatch leader = watch(leading::get);
    HostWatch follower = watch(() -> false);
    follower.pass();
    leader.pass();
    for (int second = 0; second < 12; second++) {
      beat("a");
      now += SECOND;
      assertThat(follower.pass()).isZero();
      assertThat(leader.pass()).isZero();
    }
    assertThat(state("b")).as("silent 12 s, but no one judges").isEqualTo(HostState.UP);
    assertThat(follower.of("b")).hasValue(Duration.ofSeconds(12));

    leading.set(true);
    assertThat(leader.pass()).as("elected: it declares at once what it saw").isEqualTo(1);
    assertThat(state("b")).isEqualTo(HostState.DOWN);
    assertThat(state("a")).isEqualTo(HostState.UP);
  }

  @Test
  void aHostWhoseMemberLeftIsSuspectThenDownAndUpWhenHeardAgain() {
    register("a");
    register("b");
    leading.set(true);
    HostWatch watch = watch(leading::get);
    watch.pass();
    live.remove("m-b");
    now += SECOND / 2;
    watch.pass();
    assertThat(state("b")).isEqualTo(HostState.SUSPECT);
    now += 10 * SECOND;
    watch.pass();
    assertThat(state("b")).isEqualTo(HostState.DOWN);

    live.add("m-b");
    beat("b");
    now += SECOND / 2;
    watch.pass();
    assertThat(state("b")).isEqualTo(HostState.UP);
  }

  @Test
  void aVerdictIsNotWrittenOverAnEntryThatChangedSinceItWasJudged() {
    register("a");
    register("b");
    HostWatch watch = watch(() -> {
      beat("b"); // between the read and the write: the host was heard after all
      return true;
    });
    watch.pass();
    live.remove("m-b");
    now += SECOND;
    assertThat(watch.pass()).isZero();
    assertThat(state("b")).isEqualTo(HostState.UP);
  }

  @Test
  void aHostThatLeftIsLeftAlone() {
    register("a");
    register("b");
    leading.set(true);
    HostWatch watch = watch(leading::get);
    watch.pass();
    store.updateHost("b", s -> s.withState(HostState.LEFT, 1));
    live.remove("m-b");
    now += 60 * SECOND;
    beat("a");
    assertThat(watch.pass()).isZero();
    assertThat(state("b")).isEqualTo(HostState.LEFT);
  }
}
