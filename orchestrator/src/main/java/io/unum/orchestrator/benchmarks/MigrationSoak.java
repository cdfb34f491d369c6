package io.unum.orchestrator.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Busy moves at rate: a guest burns CPU, rewrites 32 MiB of memory twice a second and streams TCP
 * to a peer while it is moved back and forth between hosts; after every move its kernel log is
 * searched for an oops, a 32 MiB data set kept in memory (tmpfs) is checksummed against its first
 * sum, the stream must still run, and the time from the switch-over until the guest answers a
 * request is measured. The same loop serves Unum's nodes and plain virsh copies of them.
 */
final class MigrationSoak {
  /** How soon after the switch-over a moved guest should answer (issue 18's target): later ones are counted. */
  static final long ANSWER_TARGET_MILLIS = 5_000;
  /**
   * A guest that has not answered this long after the switch-over lost its link: a fault. Slow is
   * not lost: on a loaded TCG machine a busy guest's agent answers seconds late, and that is a
   * figure to print, not a broken move.
   */
  static final long LINK_LOST_MILLIS = 30_000;
  private static final long LINK_DEADLINE_MILLIS = 120_000;
  /** What the kernel prints when it breaks, as opposed to warnings of a slow (TCG) machine. */
  static final Pattern OOPS = Pattern.compile(
      "Oops|BUG: kernel|BUG: unable|kernel BUG at|general protection fault|Kernel panic|invalid opcode"
          + "|unable to handle|Attempted to kill");
  private static final Pattern SUM = Pattern.compile("(?m)^sum=([0-9a-f]{32})");
  private static final Pattern STREAMS = Pattern.compile("(?m)^streams=([0-9]+)");
  private static final Pattern OOPSES = Pattern.compile("(?m)^oops=(.*)$");

  private final PrintStream progress;

  MigrationSoak(PrintStream progress) {
    this.progress = progress;
  }

  /** CPU burner and memory writer (32 MiB of random data rewritten twice a second) in /dev/shm/soak. */
  static final String LOAD = "set -e; mkdir -p /dev/shm/soak; cd /dev/shm/soak;"
      + " head -c 33554432 /dev/urandom > rand;"
      + " setsid sh -c 'while :; do :; done' unum-soak-burn </dev/null >/dev/null 2>&1 &"
      + " setsid sh -c 'i=0; while :; do dd if=rand of=dirty bs=1M count=16 skip=$((i % 16))"
      + " seek=$((i * 7 % 16)) conv=notrunc 2>/dev/null; i=$((i + 1)); sleep 0.5; done' unum-soak-dirty"
      + " </dev/null >/dev/null 2>&1 &";

  /** {@link #LOAD}, a TCP stream to an iperf3 server ({@code peer}:{@code port}) and the data set; prints its sum. */
  static String workload(String peer, int port) {
    return LOAD + " head -c 33554432 /dev/urandom > dataset;"
        + " setsid iperf3 -c " + peer + " -p " + port + " -t 86400 -b 20M </dev/null >/dev/null 2>&1 &"
        + " echo sum=$(md5sum < dataset | cut -c1-32)";
  }

  /** Stops the workload and frees its memory. */
  static final String STOP = "pkill -f 'unum-[s]oak'; pkill -f 'iperf3 -[c]'; rm -rf /dev/shm/soak; true";

  private static final String CHECK = "cd /dev/shm/soak && echo sum=$(md5sum < dataset | cut -c1-32);"
      + " echo streams=$(pgrep -fc 'iperf3 -c' || true);"
      + " echo oops=$(dmesg | grep -E '" + OOPS.pattern() + "' | head -n 1)";

  /** Starts the workload in {@code guest}, moves it {@code moves} times between {@code hosts}. */
  SoakReport run(SoakGuest guest, List<String> hosts, int moves, String peer, int port)
      throws InterruptedException {
    String expected = match(SUM, guest.shell(workload(peer, port)), "");
    SoakReport report = new SoakReport(guest.name(), guest.answerTargetMillis(), LINK_LOST_MILLIS);
    for (int i = 1; i <= moves; i++) {
      String from = guest.host();
      String to = next(hosts, from);
      SoakGuest.Move move = guest.moveTo(to);
      if (!move.ok()) {
        report.failedMove(i, move.error());
        progress.printf("  %s move %d/%d %s -> %s FAILED: %s%n", guest.name(), i, moves, from, to, move.error());
        continue;
      }
      long linkBack = awaitAnswer(guest, move.switchedMillis());
      List<String> faults = new ArrayList<>();
      if (linkBack < 0) {
        faults.add("no answer within " + LINK_DEADLINE_MILLIS / 1000 + " s; console:\n" + guest.consoleTail());
      } else {
        faults.addAll(check(guest, expected));
      }
      report.move(i, move, linkBack, faults);
      progress.printf("  %s move %d/%d %s -> %s: wall %d ms, downtime %d ms, answers after %d ms%s%s%n",
          guest.name(), i, moves, from, to, move.wallMillis(), move.downtimeMillis(), linkBack,
          move.notFound() > 0 ? ", job 404 x" + move.notFound() : "",
          faults.isEmpty() ? "" : "; FAULT: " + String.join("; ", faults));
      if (linkBack < 0 || faults.stream().anyMatch(f -> f.startsWith("kernel"))) {
        break; // a guest that died or broke is not moved again: later moves would say nothing new
      }
    }
    try {
      guest.shell(STOP);
    } catch (RuntimeException e) {
      progress.printf("  (%s: workload not stopped: %s)%n", guest.name(), e.getMessage());
    }
    return report;
  }

  /** Milliseconds from the switch-over until the guest ran a program, or -1 when it never did. */
  static long awaitAnswer(SoakGuest guest, long switchedMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + LINK_DEADLINE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      try {
        guest.shell("true");
        return Math.max(0, System.currentTimeMillis() - switchedMillis);
      } catch (RuntimeException e) {
        Thread.sleep(100);
      }
    }
    return -1;
  }

  private static List<String> check(SoakGuest guest, String expected) {
    String out;
    try {
      out = guest.shell(CHECK);
    } catch (RuntimeException e) {
      return List.of("check did not run: " + e.getMessage() + "; console:\n" + guest.consoleTail());
    }
    List<String> faults = new ArrayList<>();
    String oops = match(OOPSES, out, "").strip();
    if (!oops.isEmpty()) {
      faults.add("kernel: " + oops);
    }
    String sum = match(SUM, out, "?");
    if (!sum.equals(expected)) {
      faults.add("memory: data set sum " + sum + ", was " + expected);
    }
    if (match(STREAMS, out, "0").equals("0")) {
      faults.add("stream: the TCP stream ended");
    }
    return faults;
  }

  private static String next(List<String> hosts, String from) {
    int at = hosts.indexOf(from);
    return hosts.get((at + 1) % hosts.size());
  }

  private static String match(Pattern pattern, String text, String otherwise) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : otherwise;
  }
}
