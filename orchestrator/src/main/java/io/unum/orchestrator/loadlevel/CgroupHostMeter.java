package io.unum.orchestrator.loadlevel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads this host's CPU capacity and use from its control group (cgroup v2, else v1), falling back
 * to {@code /proc/stat}. The control group is what a host that is a container (the lab's hosts)
 * owns; on a whole machine the root group is the machine.
 */
public final class CgroupHostMeter implements HostMeter {
  private static final long USER_HZ_NANOS = 10_000_000; // /proc/stat counts in 1/100 s
  private final Path cgroupRoot;
  private final Path procStat;

  public CgroupHostMeter() {
    this(Path.of("/sys/fs/cgroup"), Path.of("/proc/stat"));
  }

  CgroupHostMeter(Path cgroupRoot, Path procStat) {
    this.cgroupRoot = cgroupRoot;
    this.procStat = procStat;
  }

  @Override
  public double cpuCapacity() {
    double cpus = Runtime.getRuntime().availableProcessors();
    return quota().map(q -> Math.min(cpus, q)).orElse(cpus);
  }

  /** The CPU quota in cores, when one is set. */
  Optional<Double> quota() {
    Optional<String> v2 = read(cgroupRoot.resolve("cpu.max"));
    if (v2.isPresent()) {
      String[] parts = v2.get().trim().split("\\s+");
      return parts.length == 2 && !parts[0].equals("max")
          ? Optional.of(Double.parseDouble(parts[0]) / Double.parseDouble(parts[1])) : Optional.empty();
    }
    Optional<String> quota = read(cgroupRoot.resolve("cpu/cpu.cfs_quota_us"));
    Optional<String> period = read(cgroupRoot.resolve("cpu/cpu.cfs_period_us"));
    if (quota.isEmpty() || period.isEmpty() || Long.parseLong(quota.get().trim()) <= 0) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(quota.get().trim()) / (double) Long.parseLong(period.get().trim()));
  }

  @Override
  public long cpuNanosUsed() {
    Optional<String> v2 = read(cgroupRoot.resolve("cpu.stat"));
    if (v2.isPresent()) {
      for (String line : v2.get().split("\n")) {
        if (line.startsWith("usage_usec ")) {
          return Long.parseLong(line.substring("usage_usec ".length()).trim()) * 1000;
        }
      }
    }
    for (String v1 : List.of("cpuacct/cpuacct.usage", "cpu,cpuacct/cpuacct.usage")) {
      Optional<String> usage = read(cgroupRoot.resolve(v1));
      if (usage.isPresent()) {
        return Long.parseLong(usage.get().trim());
      }
    }
    return procStatBusyNanos();
  }

  /** Busy time of all CPUs from the first line of /proc/stat: everything but idle and iowait. */
  long procStatBusyNanos() {
    String cpu = read(procStat).map(s -> s.lines().findFirst().orElse("")).orElse("");
    String[] fields = cpu.trim().split("\\s+");
    if (fields.length < 5 || !fields[0].equals("cpu")) {
      throw new IllegalStateException("cannot read CPU use: no cgroup CPU accounting and no 'cpu' line in "
          + procStat);
    }
    long busy = 0;
    for (int i = 1; i < Math.min(fields.length, 9); i++) {
      if (i != 4 && i != 5) { // idle, iowait
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy * USER_HZ_NANOS;
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.isReadable(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
