package io.unum.orchestrator.hypervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides between KVM and TCG by trying, not guessing: {@code /dev/kvm} can exist and still hang
 * every guest (see ENVIRONMENT.md), so a KVM test boot of the node kernel must print its banner
 * within a bound. The verdict is remembered per host boot, since a probe costs seconds.
 */
public final class AccelProbe {
  private static final Logger LOG = LoggerFactory.getLogger(AccelProbe.class);
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final Path kernel;
  private final Path cacheFile;

  public AccelProbe(Path kernel, Path cacheFile) {
    this.kernel = kernel;
    this.cacheFile = cacheFile;
  }

  /** {@code configured} is "auto", "kvm" or "tcg". */
  public Accel detect(String configured) {
    switch (configured) {
      case "kvm":
        return new Accel(Accel.Kind.KVM, "configured");
      case "tcg":
        return new Accel(Accel.Kind.TCG, "configured");
      case "auto":
        break;
      default:
        throw new IllegalArgumentException("accel must be auto, kvm or tcg, got '" + configured + "'");
    }
    if (!Files.exists(Path.of("/dev/kvm"))) {
      return new Accel(Accel.Kind.TCG, "no /dev/kvm on this host");
    }
    String bootId = bootId();
    Accel cached = readCache(bootId);
    if (cached != null) {
      return cached;
    }
    Accel probed = probe();
    writeCache(bootId, probed);
    return probed;
  }

  private Accel probe() {
    long start = System.nanoTime();
    Process qemu = null;
    try {
      qemu = new ProcessBuilder("qemu-system-x86_64", "-accel", "kvm", "-machine", "q35",
          "-m", "64", "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
          "-kernel", kernel.toString(), "-append", "console=ttyS0 panic=-1")
          .redirectErrorStream(true).start();
      Process running = qemu;
      Thread killer = new Thread(() -> {
        try {
          if (!running.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            running.destroyForcibly();
          }
        } catch (InterruptedException e) {
          running.destroyForcibly();
        }
      }, "accel-probe-timer");
      killer.setDaemon(true);
      killer.start();
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.contains("Linux version")) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Accel(Accel.Kind.KVM, "KVM test boot printed its banner in " + ms + " ms");
          }
        }
      }
      return new Accel(Accel.Kind.TCG, "KVM test boot printed nothing within "
          + BOUND.toSeconds() + " s (KVM present but unusable)");
    } catch (IOException e) {
      return new Accel(Accel.Kind.TCG, "KVM test boot could not run: " + e.getMessage());
    } finally {
      if (qemu != null) {
        qemu.destroyForcibly();
      }
    }
  }

  private static String bootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private Accel readCache(String bootId) {
    try {
      String[] parts = Files.readString(cacheFile).split("\n", 3);
      if (parts.length == 3 && parts[0].equals(bootId)) {
        return new Accel(Accel.Kind.valueOf(parts[1]), parts[2].strip() + " (probed earlier this boot)");
      }
    } catch (IOException | IllegalArgumentException e) {
      // No usable verdict yet: probe again.
    }
    return null;
  }

  private void writeCache(String bootId, Accel accel) {
    try {
      Files.createDirectories(cacheFile.getParent());
      Files.writeString(cacheFile, bootId + "\n" + accel.kind() + "\n" + accel.reason() + "\n");
    } catch (IOException e) {
      LOG.warn("cannot remember the accelerator verdict in {}: {}", cacheFile, e.getMessage());
    }
  }
}
