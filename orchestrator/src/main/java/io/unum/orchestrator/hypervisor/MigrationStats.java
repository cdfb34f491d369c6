package io.unum.orchestrator.hypervisor;

/**
 * A running migration as the hypervisor reports it (its memory copy: bytes to send, sent, left; how
 * fast the guest dirties memory and the copy sends it, the downtime expected at the switch, the copy
 * round); a figure the hypervisor does not report is 0.
 */
public record MigrationStats(long elapsedMillis, long dataTotal, long dataProcessed, long dataRemaining,
    long dirtyRateBytesPerSecond, long expectedDowntimeMillis, long transferBytesPerSecond, long iteration) {

  /** How far the copy is, 0..100 (a round that finds more dirty memory can make it go back). */
  public int percent() {
    return dataTotal <= 0 ? 0 : (int) Math.max(0, Math.min(100, 100 * dataProcessed / Math.max(1, dataProcessed + dataRemaining)));
  }
}
