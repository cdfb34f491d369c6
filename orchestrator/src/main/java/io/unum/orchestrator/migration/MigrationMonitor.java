package io.unum.orchestrator.migration;

import io.unum.orchestrator.hypervisor.MigrationStats;
import java.util.Optional;

/**
 * Watches one copy's figures as they are read: says when a copy stopped shrinking (stalled: a
 * guest that dirties memory faster than it is sent, which auto-converge has throttled by then)
 * and when its progress is worth recording. Pure: the caller reads the figures and the clock.
 */
final class MigrationMonitor {
  /** The progress to record, if any, and whether the copy is to be aborted as stalled. */
  record Verdict(Optional<MigrationProgress> record, boolean stalled) {}

  /** Progress is recorded when it moved, and at least this often while the copy runs. */
  static final long RECORD_EVERY_MILLIS = 1000;

  private final long stallMillis;
  private long smallest = Long.MAX_VALUE;
  private long shrankAtMillis;
  private MigrationProgress last;

  /** @param stallMillis how long a copy may go without shrinking before it counts as stalled */
  MigrationMonitor(MigrationProgress begun, long nowMillis, long stallMillis) {
    this.last = begun;
    this.shrankAtMillis = nowMillis;
    this.stallMillis = stallMillis;
  }

  /** What these figures, read at {@code nowMillis}, call for. */
  Verdict observe(MigrationStats stats, long nowMillis) {
    if (stats.dataRemaining() < smallest) {
      smallest = stats.dataRemaining();
      shrankAtMillis = nowMillis;
    } else if (nowMillis - shrankAtMillis > stallMillis) {
      return new Verdict(Optional.empty(), true);
    }
    MigrationProgress next = last.copying(stats, nowMillis);
    if (next.percent() != last.percent() || next.pass() != last.pass()
        || nowMillis - last.updatedMillis() >= RECORD_EVERY_MILLIS) {
      last = next;
      return new Verdict(Optional.of(next), false);
    }
    return new Verdict(Optional.empty(), false);
  }
}
