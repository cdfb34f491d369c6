package io.unum.agent.supervise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What /proc says about a service's processes: a process's start time (which tells it from a
 * later process that got the same pid) and whether a process group still has a live member.
 */
final class ProcessGroups {
  /** Fields of /proc/PID/stat after the ")" that ends the command name, which counts as field 2. */
  private static final int STATE = 0;
  private static final int PGRP = 2;
  private static final int STARTTIME = 19;

  private final Path proc;

  ProcessGroups(Path proc) {
    this.proc = proc;
  }

  /** When {@code pid} started, in clock ticks after boot; -1 when there is no such process. */
  long startTicks(long pid) {
    String[] f = stat(proc.resolve(Long.toString(pid)));
    if (f == null || f.length <= STARTTIME) {
      return -1;
    }
    try {
      return Long.parseLong(f[STARTTIME]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether any process of group {@code pgid} still runs. Zombies do not count: they run
   * nothing and go once their parent reaps them.
   */
  boolean alive(long pgid) {
    String group = Long.toString(pgid);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, ProcessGroups::isPid)) {
      for (Path entry : entries) {
        String[] f = stat(entry);
        if (f != null && f.length > PGRP && f[PGRP].equals(group) && !f[STATE].equals("Z")) {
          return true;
        }
      }
    } catch (IOException e) {
      // Cannot tell: say alive, so a stop goes on signalling rather than reports a group gone.
      return true;
    }
    return false;
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The fields after the command name (which may hold spaces and parentheses), or null if gone. */
  private static String[] stat(Path dir) {
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      int end = stat.lastIndexOf(')');
      if (end < 0 || end + 2 > stat.length()) {
        return null;
      }
      return stat.substring(end + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
