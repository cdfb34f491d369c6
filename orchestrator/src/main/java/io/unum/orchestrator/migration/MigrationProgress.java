package io.unum.orchestrator.migration;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.unum.orchestrator.hypervisor.MigrationStats;
import java.io.Serializable;

/**
 * One node's live migration as its source host reports it: where to, how far, and how it ended.
 *
 * @param phase        copying, succeeded or failed
 * @param wallMillis   from the start of the migration to its end (0 while it runs)
 * @param error        why it failed (the node runs on at {@code from}); null otherwise
 * @param pass         the copy's pass over memory (1: everything; later ones: what was dirtied since)
 * @param dirtyBytesPerSecond     how fast the guest dirties memory
 * @param expectedDowntimeMillis  the pause the switch would take now
 * @param downtimeMillis          the pause the guest had, as the destination measured it; null until it has
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationProgress(int node, String from, String to, String phase, int percent, long dataTotal,
    long dataProcessed, long dataRemaining, long startedMillis, long updatedMillis, long wallMillis, String error,
    long pass, long dirtyBytesPerSecond, long expectedDowntimeMillis, Long downtimeMillis) implements Serializable {
  public static final String COPYING = "copying";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  /** How the error of a migration that was cancelled begins. */
  public static final String CANCELLED = "cancelled";

  /** A migration that begins now. */
  public static MigrationProgress begun(int node, String from, String to, long nowMillis) {
    return new MigrationProgress(node, from, to, COPYING, 0, 0, 0, 0, nowMillis, nowMillis, 0, null, 0, 0, 0, null);
  }

  /** The same migration with the hypervisor's latest figures. */
  public MigrationProgress copying(MigrationStats stats, long nowMillis) {
    return new MigrationProgress(node, from, to, COPYING, stats.percent(), stats.dataTotal(), stats.dataProcessed(),
        stats.dataRemaining(), startedMillis, nowMillis, 0, null, stats.iteration(), stats.dirtyRateBytesPerSecond(),
        stats.expectedDowntimeMillis(), null);
  }

  public MigrationProgress succeeded(long nowMillis) {
    return new MigrationProgress(node, from, to, SUCCEEDED, 100, dataTotal, dataProcessed, 0, startedMillis, nowMillis,
        nowMillis - startedMillis, null, pass, dirtyBytesPerSecond, expectedDowntimeMillis, null);
  }

  public MigrationProgress failed(String why, long nowMillis) {
    return new MigrationProgress(node, from, to, FAILED, percent, dataTotal, dataProcessed, dataRemaining,
        startedMillis, nowMillis, nowMillis - startedMillis, why, pass, dirtyBytesPerSecond, expectedDowntimeMillis,
        null);
  }

  /** The same, ended migration with the pause its guest had. */
  public MigrationProgress withDowntime(long millis) {
    return new MigrationProgress(node, from, to, phase, percent, dataTotal, dataProcessed, dataRemaining,
        startedMillis, updatedMillis, wallMillis, error, pass, dirtyBytesPerSecond, expectedDowntimeMillis, millis);
  }

  /** The copy in a few words for a job's phase: how far, which pass, what is left and how fast it grows. */
  public String summary() {
    StringBuilder text = new StringBuilder(percent + "%");
    if (pass > 1) {
      text.append(", pass ").append(pass).append(", ").append(dataRemaining >> 20).append(" MiB left");
      if (dirtyBytesPerSecond > 0) {
        text.append(", dirtying ").append(dirtyBytesPerSecond >> 20).append(" MiB/s");
      }
      if (expectedDowntimeMillis > 0) {
        text.append(", switch-over ~").append(expectedDowntimeMillis).append(" ms");
      }
    }
    return text.toString();
  }

  /** Whether it failed by itself (not cancelled): the move may not work. */
  public boolean failedOnItsOwn() {
    return FAILED.equals(phase) && (error == null || !error.startsWith(CANCELLED));
  }

  public boolean finished() {
    return !COPYING.equals(phase);
  }
}
