package io.unum.agent.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** How long this process has run, from /proc (to 10 ms): start-up milestones are logged in it. */
public final class OwnAge {
  private OwnAge() {}

  /** Milliseconds since this process started; empty where /proc does not say. */
  public static OptionalLong millis() {
    try {
      double now = Uptime.parse(Files.readString(Path.of("/proc/uptime")));
      double started = ProcessStart.secondsAfterBoot(Files.readString(Path.of("/proc/self/stat")));
      return OptionalLong.of(Math.round((now - started) * 1000));
    } catch (IOException | IllegalArgumentException e) {
      return OptionalLong.empty();
    }
  }
}
