package io.unum.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real and saved user ids of a process, from {@code /proc/PID/status}: what kill(2) compares
 * a sender's ids with.
 */
public record ProcessUids(long real, long saved) {

  /** The process's ids, or empty when there is no such process. */
  public static Optional<ProcessUids> of(Path proc, long pid) {
    try {
      return Optional.of(parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("status"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Parses the {@code Uid:} line: real, effective, saved, filesystem. */
  static ProcessUids parse(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] ids = line.substring(4).trim().split("\\s+");
        if (ids.length >= 3) {
          return new ProcessUids(Long.parseLong(ids[0]), Long.parseLong(ids[2]));
        }
      }
    }
    throw new IllegalArgumentException("no Uid line in the status");
  }
}
