package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StuckSpawnsTest {
  @TempDir
  Path proc;

  private final AtomicLong clock = new AtomicLong();
  private final List<Long> killed = new ArrayList<>();
  private StuckSpawns spawns;

  @BeforeEach
  void table() throws IOException {
    process(149, "/usr/sbin/libvirtd", 21, 1000); // the daemon: many threads
    process(3928, "/usr/sbin/libvirtd", 1, 5000); // a child stuck before exec
    process(3924, "/usr/bin/qemu-system-x86_64", 1, 4990); // a child that became QEMU
    process(4100, "/usr/sbin/virtqemud", 1, 6000); // the modular daemon's stuck child
    Files.createDirectories(proc.resolve("self"));
    spawns = new StuckSpawns(proc, clock::get, pid -> killed.add(pid));
  }

  private void process(long pid, String exe, int threads, long startTicks) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.deleteIfExists(dir.resolve("exe"));
    Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
    Files.writeString(dir.resolve("status"), "Name:\tx\nState:\tS (sleeping)\nThreads:\t" + threads + "\n");
    // comm may hold spaces and parentheses; starttime is field 22.
    StringBuilder stat = new StringBuilder(pid + " (rpc (worker)) S 1");
    for (int field = 5; field <= 21; field++) {
      stat.append(" 0");
    }
    Files.writeString(dir.resolve("stat"), stat.append(' ').append(startTicks).append(" 0 0\n").toString());
  }

  @Test
  void aSingleThreadedDaemonChildSeenStuckForItsMinimumAgeIsKilledAndNothingElse() {
    assertThat(spawns.reap()).as("first sight: noted only").isEmpty();
    clock.set(StuckSpawns.MIN_AGE.toNanos() - 1);
    assertThat(spawns.reap()).isEmpty();
    clock.set(StuckSpawns.MIN_AGE.toNanos());
    assertThat(spawns.reap()).containsExactlyInAnyOrder(3928L, 4100L);
    assertThat(killed).containsExactlyInAnyOrder(3928L, 4100L);
  }

  @Test
  void aPidReusedByAnotherStuckChildStartsItsOwnCount() throws IOException {
    spawns.reap();
    clock.set(StuckSpawns.MIN_AGE.toNanos() / 2);
    process(3928, "/usr/sbin/libvirtd", 1, 7777); // the first one went; a new one got its pid
    spawns.reap();
    clock.set(StuckSpawns.MIN_AGE.toNanos());
    assertThat(spawns.reap()).containsExactly(4100L);
    clock.set(StuckSpawns.MIN_AGE.toNanos() * 3 / 2);
    assertThat(spawns.reap()).containsExactly(3928L);
  }

  @Test
  void aChildThatExecedOrGotThreadsMeanwhileIsLeftAlone() throws IOException {
    spawns.reap();
    process(3928, "/usr/bin/qemu-system-x86_64", 1, 5000);
    process(4100, "/usr/sbin/virtqemud", 3, 6000);
    clock.set(StuckSpawns.MIN_AGE.toNanos() * 2);
    assertThat(spawns.reap()).isEmpty();
    assertThat(killed).isEmpty();
  }

  @Test
  void anUnreadableTableKillsNothing() {
    StuckSpawns nowhere = new StuckSpawns(proc.resolve("missing"), clock::get, pid -> killed.add(pid));
    assertThat(nowhere.reap()).isEmpty();
  }
}
