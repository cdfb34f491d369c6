package io.unum.orchestrator.bench;

/** Percentiles of latency samples, as the benchmarks and their load generator report them. */
public final class Samples {
  private Samples() {}

  /** The {@code q} quantile in milliseconds of sorted nanosecond samples. */
  public static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
