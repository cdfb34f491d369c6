package io.unum.orchestrator.hypervisor;

import java.io.Serializable;

/**
 * How a live migration may run.
 *
 * @param maxDowntimeMillis the pause the guest may see when it switches hosts
 * @param bandwidthMiBps    the most it may send per second, MiB; 0 for no limit
 * @param transport         how it reaches the destination: TLS, the only one (null in what older versions
 *                          stored, and their "tcp", read as TLS)
 */
public record MigrationTuning(long maxDowntimeMillis, long bandwidthMiBps, MigrationTransport transport)
    implements Serializable {
  public static final MigrationTuning DEFAULT = new MigrationTuning(100, 0, MigrationTransport.TLS);
  public static final long MAX_DOWNTIME_MILLIS = 60_000;
  public static final long MAX_BANDWIDTH_MIBPS = 1 << 20;

  public MigrationTuning {
    if (maxDowntimeMillis < 1 || maxDowntimeMillis > MAX_DOWNTIME_MILLIS) {
      throw new IllegalArgumentException("maxDowntimeMillis: must be 1.." + MAX_DOWNTIME_MILLIS + ", got "
          + maxDowntimeMillis);
    }
    if (bandwidthMiBps < 0 || bandwidthMiBps > MAX_BANDWIDTH_MIBPS) {
      throw new IllegalArgumentException("bandwidthMiBps: must be 0 (no limit).." + MAX_BANDWIDTH_MIBPS + ", got "
          + bandwidthMiBps);
    }
    transport = transport == null ? MigrationTransport.TLS : transport;
  }
}
