package io.unum.agent.services;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends signals: TERM and KILL through {@link ProcessHandle} (no process to start), others by
 * running {@code /bin/kill}, as the agent has no native calls of its own.
 */
public final class SignalSender {
  static final String NOT_PERMITTED = "operation not permitted";
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  private static final String KILL = "/bin/kill";
  private static final File DEV_NULL = new File("/dev/null");

  /** Sends signal number {@code signal} to {@code pid}; null when sent, else why not. */
  public String send(long pid, int signal) {
    if (signal == SIGKILL || signal == SIGTERM) {
      Optional<ProcessHandle> target = ProcessHandle.of(pid);
      if (target.isEmpty()) {
        return "no such process " + pid;
      }
      // False when the request could not be made (e.g. not permitted): /bin/kill says why.
      if (signal == SIGKILL ? target.get().destroyForcibly() : target.get().destroy()) {
        return null;
      }
    }
    return send(pid, Integer.toString(signal));
  }

  /**
   * Sends {@code signal} (a number or a name such as USR1) to {@code pid}. Returns null when it
   * was sent, else why not: "no such process 1234", "operation not permitted".
   */
  public String send(long pid, String signal) {
    return run(pid, KILL, "-s", signal, Long.toString(pid));
  }

  /**
   * Sends signal number {@code signal} to every process of group {@code pgid} (a service runs
   * in a session, and so a group, of its own). Returns null when it was sent, else why not.
   */
  public String sendToGroup(long pgid, int signal) {
    // kill(-1) signals every process there is, and kill(0) the agent's own group.
    if (pgid <= 1) {
      throw new IllegalArgumentException("not a process group: " + pgid);
    }
    return run(pgid, KILL, "-s", Integer.toString(signal), "--", "-" + pgid);
  }

  private String run(long pid, String... command) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectErrorStream(true);
    try {
      Process kill = builder.start();
      String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = kill.waitFor();
      return code == 0 ? null : failure(pid, said.isBlank() ? "kill exited with " + code : said);
    } catch (IOException e) {
      return "cannot run " + KILL + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** procps and busybox word it differently; both carry the strerror text. */
  static String failure(long pid, String said) {
    String text = said.toLowerCase(Locale.ROOT);
    if (text.contains("no such process")) {
      return "no such process " + pid;
    }
    if (text.contains("not permitted")) {
      return NOT_PERMITTED;
    }
    return said.strip();
  }
}
