package io.unum.agent.proc;

/** The machine-wide CPU counters of {@code /proc/stat}, in clock ticks since boot. */
public record CpuTimes(long busy, long total) {
  public static final CpuTimes ZERO = new CpuTimes(0, 0);

  /**
   * Parses the aggregate "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
   * line. Guest time is already inside user time, so only the first eight fields add up to the
   * total; iowait counts as idle (the CPU could have run something else).
   */
  public static CpuTimes parse(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] fields = line.substring(4).trim().split("\\s+");
        if (fields.length < 4) {
          throw new IllegalArgumentException("stat: short cpu line '" + line + "'");
        }
        long total = 0;
        long idle = 0;
        try {
          for (int i = 0; i < Math.min(8, fields.length); i++) {
            long ticks = Long.parseLong(fields[i]);
            total += ticks;
            if (i == 3 || i == 4) {
              idle += ticks;
            }
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("stat: not a number in '" + line + "'", e);
        }
        return new CpuTimes(total - idle, total);
      }
    }
    throw new IllegalArgumentException("stat: no aggregate cpu line");
  }

  /** Percentage of the time between {@code earlier} and this sample that the CPUs were busy. */
  public double busyPercentSince(CpuTimes earlier) {
    long elapsed = total - earlier.total;
    if (elapsed <= 0) {
      return 0;
    }
    double percent = 100.0 * (busy - earlier.busy) / elapsed;
    return Math.max(0, Math.min(100, percent));
  }
}
