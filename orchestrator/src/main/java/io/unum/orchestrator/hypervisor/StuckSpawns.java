package io.unum.orchestrator.hypervisor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends libvirtd's children that hang between fork and exec. Seen in the lab (libvirt 11.3): two
 * QEMUs started 55 ms apart, the second one's child stayed a single-threaded copy of libvirtd
 * waiting on a lock some other thread held when it forked, and libvirtd, waiting on that child,
 * answered nothing for 16 minutes, until the child was killed; then at once. A child that is still
 * libvirtd (not yet the program it was forked for) with one thread, seen so for {@link #MIN_AGE}
 * while libvirt does not answer, is such a child: the daemon itself always runs many threads.
 * Killing it fails the one start it was for; libvirtd reports that and goes on.
 */
final class StuckSpawns {
  private static final Logger LOG = LoggerFactory.getLogger(StuckSpawns.class);
  /** Far longer than any fork-to-exec takes, even on a loaded machine. */
  static final Duration MIN_AGE = Duration.ofSeconds(30);
  private static final Set<String> DAEMONS = Set.of("libvirtd", "virtqemud");

  /** A process as first seen stuck: its start time tells a reused pid apart. */
  private record Seen(long startTicks, long atNanos) {}

  private final Path proc;
  private final LongSupplier nanos;
  private final LongPredicate kill;
  private final Map<Long, Seen> seen = new HashMap<>();

  /**
   * @param proc  the process table, /proc
   * @param kill  sends SIGKILL to a pid; false when it could not
   */
  StuckSpawns(Path proc, LongSupplier nanos, LongPredicate kill) {
    this.proc = proc;
    this.nanos = nanos;
    this.kill = kill;
  }

  /** The real /proc, killing with SIGKILL. */
  static StuckSpawns ofThisHost() {
    return new StuckSpawns(Path.of("/proc"), System::nanoTime,
        pid -> ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false));
  }

  /**
   * Looks once, as libvirt fails to answer: notes each stuck-looking child, and kills those seen
   * so for {@link #MIN_AGE}. Returns the pids it killed. Never throws: it is a last resort.
   */
  synchronized List<Long> reap() {
    long now = nanos.getAsLong();
    Map<Long, Long> stuck = new HashMap<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path dir : pids) {
        long pid = Long.parseLong(dir.getFileName().toString());
        long start = stuckSince(dir);
        if (start >= 0) {
          stuck.put(pid, start);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read {} for libvirtd's stuck children: {}", proc, e.getMessage());
      return List.of();
    }
    seen.keySet().retainAll(stuck.keySet());
    List<Long> killed = new ArrayList<>();
    stuck.forEach((pid, start) -> {
      Seen first = seen.get(pid);
      if (first == null || first.startTicks() != start) {
        seen.put(pid, new Seen(start, now));
      } else if (now - first.atNanos() >= MIN_AGE.toNanos() && kill.test(pid)) {
        LOG.warn("killed process {}, a child of libvirtd stuck between fork and exec for {} s or more while"
            + " libvirt did not answer (a libvirt fork deadlock); the start it was for fails, libvirt goes on",
            pid, Duration.ofNanos(now - first.atNanos()).toSeconds());
        killed.add(pid);
        seen.remove(pid);
      }
    });
    return killed;
  }

  /** The start time (clock ticks after boot) of a single-threaded libvirtd in {@code dir}, or -1. */
  private static long stuckSince(Path dir) {
    try {
      String exe = Files.readSymbolicLink(dir.resolve("exe")).getFileName().toString();
      if (!DAEMONS.contains(exe.replace(" (deleted)", ""))) {
        return -1;
      }
      boolean oneThread = Files.readAllLines(dir.resolve("status")).stream()
          .anyMatch(line -> line.replace('\t', ' ').matches("Threads: +1"));
      if (!oneThread) {
        return -1;
      }
      // Fields after the command name, which is in parentheses and may hold spaces: starttime is the 20th.
      String stat = Files.readString(dir.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[19]);
    } catch (IOException | RuntimeException e) {
      return -1; // gone, not ours to read, or not a process directory
    }
  }
}
