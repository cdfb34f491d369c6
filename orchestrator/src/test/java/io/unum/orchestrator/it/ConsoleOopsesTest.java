package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pure part of the lab's oops check: which console lines are new oopses, and their context. */
class ConsoleOopsesTest {
  private static final String BOOT = lines(
      "[    0.000000] Linux version 6.1.0-unum",
      "[    0.412000] virtio_blk virtio1: [vda] 4194304 512-byte logical blocks",
      "unum-init: starting the agent",
      "[    2.100000] EXT4-fs (vda): mounted filesystem");
  private static final String OOPS = lines(
      "[   52.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008",
      "[   52.000002] #PF: supervisor read access in kernel mode",
      "[   52.000003] Oops: 0000 [#1] PREEMPT SMP",
      "[   52.000004] CPU: 0 PID: 231 Comm: java Not tainted 6.1.0-unum",
      "[   52.000005] RIP: 0010:pid_ns_next+0x12/0x40",
      "[   52.000006] Call Trace:",
      "[   52.000007]  <TASK>",
      "[   52.000008]  do_exit+0x2a1/0x9b0",
      "[   52.000009]  </TASK>",
      "[   52.000010] ---[ end trace 0000000000000000 ]---");

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static String texts(List<String> excerpt) {
    return excerpt.stream().map(l -> l.substring(Math.min(l.length(), 8))).collect(Collectors.joining("\n"));
  }

  @Test
  void aQuietConsoleHasNothingToSay() {
    assertThat(ConsoleOopses.since("", BOOT)).isEmpty();
    assertThat(ConsoleOopses.since(BOOT, BOOT + lines("unum-init: agent up"))).isEmpty();
  }

  @Test
  void anOopsAfterTheLastLookIsShownWithTheLinesAroundIt() {
    List<String> excerpt = ConsoleOopses.since(BOOT, BOOT + OOPS);

    assertThat(excerpt.get(0)).as("from %d lines before", ConsoleOopses.BEFORE)
        .isEqualTo("     2| [    0.412000] virtio_blk virtio1: [vda] 4194304 512-byte logical blocks");
    assertThat(excerpt).contains(
        "     5> [   52.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008",
        "     7> [   52.000003] Oops: 0000 [#1] PREEMPT SMP",
        "    10> [   52.000006] Call Trace:",
        "    14| [   52.000010] ---[ end trace 0000000000000000 ]---");
    assertThat(excerpt).as("one block: the markers are close").noneMatch(l -> l.contains("..."))
        .hasSize(13);
  }

  @Test
  void whatWasThereAtTheLastLookIsNotNew() {
    String console = BOOT + OOPS;
    assertThat(ConsoleOopses.since(console, console + lines("unum-init: agent up"))).isEmpty();
  }

  @Test
  void aConsoleStartedAfreshIsAllNewEvenWhenShorter() {
    String old = BOOT + lines("unum-init: agent up", "unum-init: heartbeat", "unum-init: heartbeat");
    String fresh = lines("[    0.000000] Linux version 6.1.0-unum", "[    1.2] Kernel panic - not syncing: VFS");

    assertThat(texts(ConsoleOopses.since(old, fresh))).contains("Kernel panic - not syncing: VFS");
    assertThat(texts(ConsoleOopses.since(BOOT + OOPS, OOPS))).as("the same oops again, after a restart")
        .contains("BUG: kernel NULL pointer dereference");
  }

  @Test
  void aLineStillBeingWrittenCountsOnceItIsComplete() {
    String partial = BOOT + "[   52.000001] BUG: kernel NULL poi";
    assertThat(ConsoleOopses.since(BOOT, partial)).isEmpty();

    String remembered = ConsoleOopses.complete(partial);
    assertThat(remembered).isEqualTo(BOOT);
    String done = BOOT + OOPS;
    assertThat(texts(ConsoleOopses.since(remembered, done))).contains("BUG: kernel NULL pointer dereference");
    assertThat(ConsoleOopses.since(ConsoleOopses.complete(done), done)).isEmpty();
  }

  @Test
  void serialLineEndsAreLineEnds() {
    String crlf = BOOT.replace("\n", "\r\n");
    List<String> excerpt = ConsoleOopses.since(crlf, crlf + OOPS.replace("\n", "\r\n"));
    assertThat(excerpt).hasSize(13).noneMatch(l -> l.contains("\r"))
        .contains("     5> [   52.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008");
  }

  @Test
  void markersAreTheKernelsOwnWordsInItsOwnCase() {
    String console = lines("bug: in my script", "oops, wrong file", "kernel panic? no", "call trace: none",
        "[  3.1] general protection fault, probably for non-canonical address 0xdead: 0000 [#1] SMP",
        "[  3.2] kernel BUG at mm/slub.c:321!",
        "[  3.3] BUG: unable to handle page fault for address: ffffffffff600000");
    List<String> excerpt = ConsoleOopses.since("", console);

    assertThat(excerpt.stream().filter(l -> l.startsWith(">", 6)).map(l -> l.substring(0, 6).strip()))
        .containsExactly("5", "6", "7");
  }

  @Test
  void distantOopsesAreSeparateBlocks() {
    String between = IntStream.range(0, 20).mapToObj(i -> "unum-init: heartbeat " + i + "\n")
        .collect(Collectors.joining());
    String console = BOOT + lines("[  9.1] Kernel panic - not syncing: one") + between
        + lines("[  9.9] Kernel panic - not syncing: two");

    List<String> excerpt = ConsoleOopses.since(BOOT, console);
    assertThat(excerpt).filteredOn(l -> l.contains("...")).hasSize(1);
    assertThat(texts(excerpt)).contains("not syncing: one", "not syncing: two").doesNotContain("heartbeat 10");
  }

  @Test
  void aConsoleFullOfOopsesIsCut() {
    String flood = IntStream.range(0, 200).mapToObj(i -> "[  9.1] BUG: soft lockup - CPU#0 stuck " + i + "\n")
        .collect(Collectors.joining());

    List<String> excerpt = ConsoleOopses.since("", flood);
    assertThat(excerpt).hasSize(ConsoleOopses.MAX_LINES + 1);
    assertThat(excerpt.get(ConsoleOopses.MAX_LINES)).isEqualTo("   ... and 140 more lines");
  }
}
