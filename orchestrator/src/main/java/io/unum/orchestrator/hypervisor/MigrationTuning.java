package io.unum.orchestrator.hypervisor;

/**
 * How a live migration may run.
 *
 * @param maxDowntimeMillis the pause the guest may see when it switches hosts
 * @param bandwidthMiBs     the most it may send per second; 0 for no limit
 */
public record MigrationTuning(long maxDowntimeMillis, long bandwidthMiBs) {
  public static final MigrationTuning DEFAULT = new MigrationTuning(100, 0);

  public MigrationTuning {
    if (maxDowntimeMillis < 1 || maxDowntimeMillis > 60_000) {
      throw new IllegalArgumentException("downtimeMillis must be 1..60000, got " + maxDowntimeMillis);
    }
    if (bandwidthMiBs < 0 || bandwidthMiBs > 1 << 20) {
      throw new IllegalArgumentException("bandwidthMiBs must be 0 (no limit)..1048576, got " + bandwidthMiBs);
    }
  }
}
