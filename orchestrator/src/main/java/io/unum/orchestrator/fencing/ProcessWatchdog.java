package io.unum.orchestrator.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog of a host without a watchdog device (the lab's containers): the small script
 * {@code orchestrator/host/unum-watchdog}, a process of its own that outlives a killed or hung
 * orchestrator, reads the lease file this writes and kills every Unum QEMU on the host once the
 * time written there has passed on its own clock. The orchestrator starts it when none runs.
 */
public final class ProcessWatchdog implements Watchdog {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessWatchdog.class);
  private final Path leaseFile;
  private final long pid;
  private long sequence;

  private ProcessWatchdog(Path leaseFile, long pid) {
    this.leaseFile = leaseFile;
    this.pid = pid;
  }

  /** The watchdog watching {@code leaseFile}: the one running already, or one started now with its output in {@code log}. */
  public static ProcessWatchdog ensure(Path script, Path leaseFile, Path log) {
    Optional<ProcessHandle> running = find(leaseFile);
    if (running.isPresent()) {
      LOG.info("watchdog already running (pid {}) on {}", running.get().pid(), leaseFile);
      return new ProcessWatchdog(leaseFile, running.get().pid());
    }
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("the watchdog " + script + " is missing or not executable (a Unum installation"
          + " has it under orchestrator/host/); a host may not run nodes of a cluster of 3 or more without it");
    }
    try {
      Files.createDirectories(leaseFile.toAbsolutePath().getParent());
      Files.createDirectories(log.toAbsolutePath().getParent());
      // setsid: its own session, so nothing sent to the orchestrator's process group reaches it.
      Process started = new ProcessBuilder("setsid", script.toString(), leaseFile.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      LOG.info("watchdog started (pid {}) on {}; its log: {}", started.pid(), leaseFile, log);
      return new ProcessWatchdog(leaseFile, started.pid());
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
    return "process watchdog (pid " + pid + ", " + leaseFile + ")";
  }
}
