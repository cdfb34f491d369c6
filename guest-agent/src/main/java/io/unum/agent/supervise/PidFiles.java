package io.unum.agent.supervise;

import io.unum.agent.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory of pid files, one per running service ({@code NAME.pid}: "PID STARTTICKS"), so
 * an agent that starts again finds and kills the process groups its predecessor left running.
 */
final class PidFiles {
  private static final String SUFFIX = ".pid";

  private final Path dir;

  PidFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The file of service {@code name}. */
  Path fileOf(String name) {
    return dir.resolve(fileName(name));
  }

  /**
   * A service's name as a file name: the host picks names, and one such as "../x" or "a/b" must
   * not write outside the directory, so anything but letters, digits and {@code -_+@} (and a
   * '.' that does not lead) becomes %XX.
   */
  static String fileName(String name) {
    StringBuilder file = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '+' || c == '@' || (c == '.' && file.length() > 0);
      if (plain) {
        file.append(c);
      } else {
        file.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return file.append(SUFFIX).toString();
  }

  /** Records that service {@code name} runs as process group {@code pid}. */
  void write(String name, long pid, long startTicks) throws IOException {
    AtomicFiles.write(fileOf(name), pid + " " + startTicks + "\n");
  }

  void delete(String name) {
    try {
      Files.deleteIfExists(fileOf(name));
    } catch (IOException e) {
      Log.line("cannot delete " + fileOf(name) + ": " + e.getMessage());
    }
  }

  /**
   * Kills the process group of every pid file left by an earlier agent and deletes the files;
   * returns the groups it killed. A pid that now names a process with another start time was
   * reused: that process is left alone.
   */
  List<Long> killLeftovers(ProcessGroups groups, GroupKiller kill) {
    List<Long> killed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return killed;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(files::add);
    } catch (IOException e) {
      Log.line("cannot list " + dir + ": " + e.getMessage());
      return killed;
    }
    long self = ProcessHandle.current().pid();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(SUFFIX) && !fileName.startsWith(AtomicFiles.TEMP_PREFIX)) {
        long pgid = leftover(file, groups);
        if (pgid > 1 && pgid != self) {
          String failure = kill.killGroup(pgid);
          if (failure == null) {
            killed.add(pgid);
            Log.line("killed process group " + pgid + " of " + fileName + ", left by an earlier agent");
          }
        }
      }
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        Log.line("cannot delete " + file + ": " + e.getMessage());
      }
    }
    return killed;
  }

  /** The group a pid file names, if it still runs as the service it was written for; else 0. */
  private static long leftover(Path file, ProcessGroups groups) {
    String[] f;
    long pid;
    long startTicks;
    try {
      f = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
      pid = Long.parseLong(f[0]);
      startTicks = f.length > 1 ? Long.parseLong(f[1]) : -1;
    } catch (IOException | RuntimeException e) {
      return 0; // half a file or garbage: nothing we could kill safely
    }
    if (pid <= 1) {
      return 0;
    }
    long now = groups.startTicks(pid);
    if (now >= 0) {
      return now == startTicks ? pid : 0;
    }
    // The leader is gone but members may live on: the kernel gives no process the group's id
    // while it has members, so a group of that id is still the service's.
    return groups.alive(pid) ? pid : 0;
  }

  /** Kills a process group; null when done, else why not. */
  interface GroupKiller {
    String killGroup(long pgid);
  }
}
