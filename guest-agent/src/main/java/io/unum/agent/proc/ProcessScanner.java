package io.unum.agent.proc;

import io.unum.agent.protocol.Messages.Proc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Every process of the node, read from /proc: pid, parent, owner, state, CPU since the last
 * scan, resident memory, start time and command line. CPU percent needs the previous scan, so
 * the scanner keeps each process's ticks. A process's command line is read once and kept while
 * its start time and name stay the same (an exec changes the name), so a scan of an unchanged
 * node reads one file and one inode per process: under TCG, with hundreds of processes, the
 * scan's cost is the agent's cost. Not thread-safe: one reporter thread calls it.
 */
public final class ProcessScanner implements ProcessSource {
  /** USER_HZ: what /proc/PID/stat counts in on Linux (x86 and arm alike). */
  private static final long TICKS_PER_SECOND = 100;
  private static final long PAGE_KIB = 4;
  private static final int MAX_CMD = 512;
  private static final long KTHREADD = 2;

  private final Path proc;
  private final Path passwd;
  private final LongSupplier nanos;
  private final long bootMillis;
  private Map<Long, Long> lastTicks = new HashMap<>();
  private long lastScanNanos;
  private Map<Long, String> users = Map.of();
  private long passwdModified = -1;
  /** Command lines by pid, with the start time and name they were read for. */
  private Map<Long, Command> commands = new HashMap<>();

  private record Command(long startTicks, String comm, String cmd) {}

  public ProcessScanner(Path proc, Path passwd) {
    this(proc, passwd, System::nanoTime);
  }

  /** @param nanos the monotonic clock CPU percent is measured against (tests pass their own) */
  ProcessScanner(Path proc, Path passwd, LongSupplier nanos) {
    this.proc = proc;
    this.passwd = passwd;
    this.nanos = nanos;
    this.bootMillis = bootMillis(proc);
  }

  @Override
  public Map<Long, Proc> scan() {
    long now = nanos.getAsLong();
    double seconds = lastScanNanos == 0 ? 0 : (now - lastScanNanos) / 1e9;
    refreshUsers();
    Map<Long, Proc> processes = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, Command> seen = new HashMap<>();
    for (long pid : pids()) {
      Proc process = read(pid, seconds, ticks, seen);
      if (process != null) {
        processes.put(pid, process);
      }
    }
    lastTicks = ticks;
    lastScanNanos = now;
    commands = seen;
    return processes;
  }

  @Override
  public Set<Long> pids() {
    Set<Long> pids = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        long pid = pidOf(entry.getFileName().toString());
        if (pid > 0) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
    }
    return pids;
  }

  @Override
  public Proc read(long pid) {
    return read(pid, 0, new HashMap<>(), commands);
  }

  /** One process, or null when it ended while being read; its ticks and command go to the maps. */
  private Proc read(long pid, double seconds, Map<Long, Long> ticks, Map<Long, Command> seen) {
    Path dir = proc.resolve(Long.toString(pid));
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (open < 0 || close < open) {
        return null;
      }
      String comm = stat.substring(open + 1, close);
      String[] f = stat.substring(close + 2).split(" ");
      // f[0] = state (field 3), f[1] = ppid, f[11] = utime, f[12] = stime, f[19] = starttime,
      // f[21] = rss in pages (proc(5)).
      long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      ticks.put(pid, cpu);
      Long before = lastTicks.get(pid);
      double percent = before == null || seconds <= 0 ? 0
          : Math.round((cpu - before) * 1000.0 / TICKS_PER_SECOND / seconds) / 10.0;
      long uid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
      long startTicks = Long.parseLong(f[19]);
      Command known = commands.get(pid);
      long ppid = Long.parseLong(f[1]);
      if (known == null || known.startTicks() != startTicks || !known.comm().equals(comm)) {
        known = new Command(startTicks, comm, command(dir, comm));
      }
      // An empty command line is final for a kernel thread only: a process in the middle of
      // an exec shows one too, and keeping that would hide its real command for good.
      if (!known.cmd().startsWith("[") || pid == KTHREADD || ppid == KTHREADD) {
        seen.put(pid, known);
      }
      return new Proc(pid, ppid, uid, users.get(uid), f[0], percent,
          Long.parseLong(f[21]) * PAGE_KIB,
          bootMillis + startTicks * 1000 / TICKS_PER_SECOND, known.cmd());
    } catch (IOException | RuntimeException e) {
      return null; // gone, or a kernel we do not understand: skip rather than report garbage
    }
  }

  private static String command(Path dir, String comm) throws IOException {
    byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
    if (raw.length == 0) {
      return "[" + comm + "]"; // a kernel thread (or a zombie), as ps shows it
    }
    String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    return cmd.length() > MAX_CMD ? cmd.substring(0, MAX_CMD) : cmd;
  }

  private void refreshUsers() {
    try {
      long modified = Files.getLastModifiedTime(passwd).toMillis();
      if (modified == passwdModified) {
        return;
      }
      Map<Long, String> names = new HashMap<>();
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        String[] f = line.split(":");
        if (f.length > 2) {
          try {
            names.putIfAbsent(Long.parseLong(f[2]), f[0]);
          } catch (NumberFormatException e) {
            // a malformed line names nobody
          }
        }
      }
      users = names;
      passwdModified = modified;
    } catch (IOException e) {
      users = Map.of();
    }
  }

  private static long bootMillis(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("btime ")) {
          return Long.parseLong(line.substring(6).strip()) * 1000;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through: start times are then relative to boot
    }
    return 0;
  }

  private static long pidOf(String name) {
    if (name.isEmpty() || name.length() > 10) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(name);
  }
}
