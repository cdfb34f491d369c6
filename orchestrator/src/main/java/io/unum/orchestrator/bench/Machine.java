package io.unum.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine a report's figures were measured on: the same figures mean little on another.
 *
 * @param virtualization what the guests ran on, as the host's daemon found it: "kvm", "tcg" or "unknown"
 */
public record Machine(String cpu, int cores, long memoryMiB, String kernel, String qemu, String libvirt,
    String virtualization) {

  /**
   * Reads this machine's facts; a fact that cannot be read says "unknown".
   *
   * @param accelVerdict the daemon's remembered test boot (boot id, then KVM or TCG, then why): /dev/kvm
   *                     can be there and unusable, so its presence says nothing
   */
  public static Machine probe(Path accelVerdict) {
    return new Machine(
        line(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
        Runtime.getRuntime().availableProcessors(),
        line(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kibToMib).orElse(0L),
        read(Path.of("/proc/sys/kernel/osrelease")).orElse("unknown"),
        firstLineOf(List.of("qemu-system-x86_64", "--version")).orElse("not installed"),
        firstLineOf(List.of("virsh", "--version")).map(v -> "libvirt " + v).orElse("not installed"),
        virtualization(accelVerdict));
  }

  /** One line: "Intel Xeon ..., 2 cores, 23.4 GiB, Linux 6.1.0, QEMU ..., libvirt ..., tcg". */
  public String describe() {
    return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB, Linux %s, %s, %s, guests on %s",
        cpu, cores, memoryMiB / 1024.0, kernel, qemu, libvirt, virtualization.toUpperCase(Locale.ROOT));
  }

  private static String virtualization(Path accelVerdict) {
    try {
      List<String> lines = Files.readAllLines(accelVerdict);
      String kind = lines.size() > 1 ? lines.get(1).strip().toLowerCase(Locale.ROOT) : "";
      return kind.equals("kvm") || kind.equals("tcg") ? kind : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Optional<String> line(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long kibToMib(String value) {
    try {
      return Long.parseLong(value.split("\\s+")[0]) / 1024;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The first line {@code command} prints within 10 s, if it runs. */
  private static Optional<String> firstLineOf(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(process.getInputStream().readAllBytes()).strip();
      return process.exitValue() == 0 && !out.isEmpty() ? Optional.of(out.lines().findFirst().orElse(out))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
