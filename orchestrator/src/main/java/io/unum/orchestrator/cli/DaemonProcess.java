package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.daemon.RestartRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts and stops this host's orchestrator daemon as a detached process. */
final class DaemonProcess {
  private static final int START_TIMEOUT_SECONDS = 90;
  /**
   * A stop before a restart may take: the renewal under way (up to 4 s), the parting renewal's
   * retries (8 s), the stay after it (3 s) and the control plane's leave (10 s).
   */
  private static final int STOP_TIMEOUT_SECONDS = 30;
  /**
   * C1 only. C2 spends the CPU a starting daemon needs: on a 2-core lab host an orchestrator used
   * 13.9 CPU-seconds to get ready (7.8 with C1 only), three restarted together took 39-43 s to form
   * the control plane again (21-23 s), and 30 s after a start its API served more, not less (node
   * listing 983 req/s against 620), because C2 was still compiling beside it. The CLI and the guest
   * agent run the same way.
   */
  private static final List<String> JIT = List.of("-XX:TieredStopAtLevel=1");
  /** The JDK internals Hazelcast asks for (it runs slower and warns without them). */
  private static final List<String> HAZELCAST_JVM_ACCESS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Installation installation;
  private final UnumClient client;
  private final Path pidFile;

  /** The daemon whose API {@code client} reaches and which keeps its state in {@code stateDir}. */
  DaemonProcess(Installation installation, UnumClient client, Path stateDir) {
    this.installation = installation;
    this.client = client;
    this.pidFile = stateDir.resolve("orchestrator.pid");
  }

  DaemonProcess(Installation installation, UnumClient client) {
    this(installation, client, Installation.STATE_DIR);
  }

  /**
   * Makes sure a daemon runs with this kernel and image; one running with others is restarted
   * (its nodes keep running and are adopted). Returns what was done, for the progress line.
   */
  String ensure(String kernel, String image) {
    if (client.reachable()) {
      JsonNode host = client.status().path("host");
      if (kernel.equals(host.path("kernel").asText()) && image.equals(host.path("baseImage").asText())) {
        return "already running (pid " + pid() + ")";
      }
      stopForRestart();
      start(List.of("--kernel", kernel, "--base-image", image));
      return "restarted with the new kernel/image (pid " + pid() + ")";
    }
    start(List.of("--kernel", kernel, "--base-image", image));
    return "started (pid " + pid() + "), log " + log();
  }

  /** Starts {@code unum daemon ARGS} detached and waits until its API answers. */
  void start(List<String> daemonArgs) {
    try {
      Files.createDirectories(Installation.LOG_DIR);
      String java = ProcessHandle.current().info().command().orElse("java");
      // Above the guests' vCPUs (QEMU, under libvirtd, at the default priority): a host whose
      // guests saturate its cores must still answer its peers' heartbeats, or the control plane
      // takes load for death (corosync runs at a real-time priority for the same reason). nice
      // warns and runs the daemon as it is where it may not raise the priority.
      List<String> command = new ArrayList<>(List.of("setsid", "nice", "-n", "-10", java, "-XX:+UseSerialGC"));
      command.addAll(JIT);
      command.addAll(HAZELCAST_JVM_ACCESS);
      // The daemon's own log rotates (DaemonLog); what the JVM itself prints still lands in it.
      command.addAll(List.of("-Dunum.home=" + installation.home(), "-D" + DaemonLog.PROPERTY + "=" + log(), "-jar",
          installation.jar().toString(), "daemon"));
      command.addAll(daemonArgs);
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      long deadline = System.nanoTime() + START_TIMEOUT_SECONDS * 1_000_000_000L;
      while (System.nanoTime() < deadline) {
        if (client.reachable()) {
          return;
        }
        if (!process.isAlive()) {
          throw new CliFailure("the orchestrator exited during start-up:\n" + tail(log(), 15));
        }
        Thread.sleep(100);
      }
      throw new CliFailure("the orchestrator did not answer within " + START_TIMEOUT_SECONDS
          + " s; see " + log());
    } catch (IOException e) {
      throw new CliFailure("cannot start the orchestrator: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while starting the orchestrator");
    }
  }

  /**
   * Stops the running daemon for a restart (with fencing, its lease holds the restart grace, so its
   * nodes keep running) and starts it again with the arguments it ran with, from this installation's
   * jar. Returns what was done.
   */
  String restart() {
    long pid = pid();
    if (pid < 0) {
      throw new CliFailure("no orchestrator runs here (no live process in " + pidFile + "); start one with 'unum up'");
    }
    List<String> arguments = daemonArguments(ProcessHandle.of(pid).flatMap(p -> p.info().arguments())
        .map(List::of).orElse(List.of()));
    if (arguments == null) {
      throw new CliFailure("cannot read the command line of the orchestrator (pid " + pid + "); restart it with"
          + " 'unum down' and 'unum up'");
    }
    stopForRestart();
    start(arguments);
    return "restarted (pid " + pid + " -> " + pid() + ")";
  }

  /** Stops the daemon asking it to part for a restart: its lease holds the restart grace. */
  private void stopForRestart() {
    Path stateDir = pidFile.getParent();
    RestartRequest.ask(stateDir);
    stop();
    RestartRequest.take(stateDir); // unused if the daemon died before it stopped: a later stop is a plain one
  }

  /** What follows {@code daemon} in a daemon's command line; null when it is not one. */
  static List<String> daemonArguments(List<String> commandLine) {
    int jar = commandLine.indexOf("-jar");
    if (jar < 0 || jar + 2 >= commandLine.size() || !commandLine.get(jar + 2).equals("daemon")) {
      return null;
    }
    return commandLine.subList(jar + 3, commandLine.size());
  }

  /** Stops the daemon if it runs; returns whether one was running. */
  boolean stop() {
    long pid = pid();
    if (pid < 0) {
      return false;
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    if (!Installation.waitForExit(pid, STOP_TIMEOUT_SECONDS)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      Installation.waitForExit(pid, 5);
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // A stale pid file is ignored by pid() anyway.
    }
    return true;
  }

  /** The pid of the running daemon, or -1. */
  long pid() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid).orElse(-1L);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  static Path log() {
    return Installation.LOG_DIR.resolve("orchestrator.log");
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }
}
