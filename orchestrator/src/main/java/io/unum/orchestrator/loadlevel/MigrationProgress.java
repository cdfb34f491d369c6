package io.unum.orchestrator.loadlevel;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * One node's live migration as its source host reports it: where to, how far, and how it ended.
 *
 * @param phase        copying, succeeded or failed
 * @param wallMillis   from the start of the migration to its end (0 while it runs)
 * @param error        why it failed (the node runs on at {@code from}); null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigrationProgress(int node, String from, String to, String phase, int percent, long dataTotal,
    long dataProcessed, long dataRemaining, long startedMillis, long updatedMillis, long wallMillis, String error)
    implements Serializable {
  public static final String COPYING = "copying";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /** A migration that begins now. */
  public static MigrationProgress begun(int node, String from, String to, long nowMillis) {
    return new MigrationProgress(node, from, to, COPYING, 0, 0, 0, 0, nowMillis, nowMillis, 0, null);
  }

  /** The same migration with the hypervisor's latest figures. */
  public MigrationProgress copying(int percentDone, long total, long processed, long remaining, long nowMillis) {
    return new MigrationProgress(node, from, to, COPYING, percentDone, total, processed, remaining, startedMillis,
        nowMillis, 0, null);
  }

  public MigrationProgress succeeded(long nowMillis) {
    return new MigrationProgress(node, from, to, SUCCEEDED, 100, dataTotal, dataProcessed, 0, startedMillis, nowMillis,
        nowMillis - startedMillis, null);
  }

  public MigrationProgress failed(String why, long nowMillis) {
    return new MigrationProgress(node, from, to, FAILED, percent, dataTotal, dataProcessed, dataRemaining,
        startedMillis, nowMillis, nowMillis - startedMillis, why);
  }

  public boolean finished() {
    return !COPYING.equals(phase);
  }
}
