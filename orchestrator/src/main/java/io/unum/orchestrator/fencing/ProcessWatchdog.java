package io.unum.orchestrator.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host's watchdog: the small script {@code orchestrator/host/unum-watchdog}, a process of its own
 * that outlives a killed or hung orchestrator, reads the lease file this writes and kills every Unum
 * QEMU on the host once the time written there has passed on its own clock. Given a watchdog device
 * (/dev/watchdog: hardware, or the softdog module), it also arms it with a short timeout, kills the
 * guests that timeout before the lease's end and feeds the device while they may run or once they
 * are gone, so that the machine is reset, by the lease's end, should the process die or hang. The
 * orchestrator starts it when none runs.
 */
public final class ProcessWatchdog implements Watchdog {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessWatchdog.class);
  private final Path leaseFile;
  private final long pid;
  /** The device the running script was given; empty: none. */
  private final Optional<String> device;
  private long sequence;

  private ProcessWatchdog(Path leaseFile, long pid, Optional<String> device) {
    this.leaseFile = leaseFile;
    this.pid = pid;
    this.device = device;
  }

  /**
   * The watchdog watching {@code leaseFile}: the one running already (with the device it was
   * given), or one started now with its output in {@code log}, arming {@code device} if present.
   */
  public static ProcessWatchdog ensure(Path script, Path leaseFile, Path log, Optional<Path> device) {
    Optional<ProcessHandle> running = find(leaseFile);
    if (running.isPresent()) {
      LOG.info("watchdog already running (pid {}) on {}", running.get().pid(), leaseFile);
      return new ProcessWatchdog(leaseFile, running.get().pid(), deviceOf(running.get(), leaseFile));
    }
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("the watchdog " + script + " is missing or not executable (a Unum installation"
          + " has it under orchestrator/host/); a host may not run nodes of a cluster of 3 or more without it");
    }
    try {
      Files.createDirectories(leaseFile.toAbsolutePath().getParent());
      Files.createDirectories(log.toAbsolutePath().getParent());
      // setsid: its own session, so nothing sent to the orchestrator's process group reaches it.
      List<String> command = new ArrayList<>(List.of("setsid", script.toString(), leaseFile.toString()));
      device.ifPresent(d -> command.add(d.toString()));
      Process started = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      LOG.info("watchdog started (pid {}) on {}{}; its log: {}", started.pid(), leaseFile,
          device.map(d -> ", arming " + d).orElse(", no watchdog device"), log);
      return new ProcessWatchdog(leaseFile, started.pid(), device.map(Path::toString));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the watchdog " + script + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the watchdog of {@code leaseFile} if one runs, and forgets its lease: a host that runs
   * without leases now (a cluster of fewer than three) must not keep one from a larger past, which
   * would kill every guest started since its last lease ran out.
   */
  public static void retire(Path leaseFile) {
    if (!Files.exists(leaseFile)) {
      return; // never told of a lease: no watchdog of it has a time to fire at (and /proc needs no scan)
    }
    find(leaseFile).ifPresent(watchdog -> {
      LOG.info("stopping the watchdog (pid {}) on {}: this host runs without a lease now", watchdog.pid(), leaseFile);
      watchdog.destroy();
    });
    try {
      Files.deleteIfExists(leaseFile);
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", leaseFile, e.getMessage());
    }
  }

  /** The argument after the lease file on the running script's command line: its device. */
  private static Optional<String> deviceOf(ProcessHandle watchdog, Path leaseFile) {
    List<String> args = List.of(watchdog.info().arguments().orElse(new String[0]));
    int at = args.indexOf(leaseFile.toString());
    return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
  }

  private static Optional<ProcessHandle> find(Path leaseFile) {
    String file = leaseFile.toString();
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .filter(line -> line.contains("unum-watchdog") && line.contains(file)).isPresent()).findFirst();
  }

  @Override
  public synchronized void pet(Duration validFor) {
    sequence++;
    Path temp = leaseFile.resolveSibling(leaseFile.getFileName() + ".new");
    try {
      Files.writeString(temp, sequence + " " + validFor.toMillis() + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, leaseFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // The watchdog then fires when the last word it had runs out: the safe side.
      LOG.warn("cannot tell the watchdog the lease holds ({}): {}", leaseFile, e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "process watchdog (pid " + pid + ", " + leaseFile
        + device.map(d -> "; arms " + d + " unless its log says it cannot").orElse("; no watchdog device") + ")";
  }
}
