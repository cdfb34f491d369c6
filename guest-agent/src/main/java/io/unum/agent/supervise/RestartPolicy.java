package io.unum.agent.supervise;

import io.unum.agent.protocol.Messages.ServiceOrder;
import io.unum.agent.protocol.Protocol;

/**
 * Decides whether a service that ended starts again, and when: the order's restart mode, its
 * limit of restarts in a row and its backoff, which doubles up to a cap. No processes, no
 * clock: the caller says how long the run lasted.
 */
final class RestartPolicy {
  private RestartPolicy() {}

  /**
   * @param restartsBefore restarts in a row before this run
   * @param ranMillis      how long this run lasted
   * @param exitCode       how it ended (128+N when killed by signal N)
   */
  static RestartDecision decide(ServiceOrder order, int restartsBefore, long ranMillis, int exitCode) {
    // A run that lasted was a healthy one: what failed before it is history.
    int inARow = ranMillis >= Protocol.SERVICE_STABLE_MILLIS ? 0 : restartsBefore;
    boolean again = switch (order.restart()) {
      case ALWAYS -> true;
      case ON_FAILURE -> exitCode != 0;
      case NEVER -> false;
    };
    if (!again) {
      return new RestartDecision(RestartDecision.Action.EXITED, inARow, 0, null);
    }
    if (inARow >= order.limit()) {
      return new RestartDecision(RestartDecision.Action.FAILED, inARow, 0,
          "hit its restart limit (" + inARow + " restarts in a row); last exit code " + exitCode);
    }
    int next = inARow + 1;
    long delay = backoffMillis(order, next);
    return new RestartDecision(RestartDecision.Action.RESTART, next, delay,
        "exited with code " + exitCode + "; restart " + next + " in " + delay + " ms");
  }

  /** The wait before restart number {@code n} in a row: backoff * 2^(n-1), at most the cap. */
  static long backoffMillis(ServiceOrder order, int n) {
    long base = order.backoffMillis();
    long cap = order.maxBackoffMillis();
    int shift = Math.max(0, n - 1);
    // base << shift would overflow long long before any sane cap; compare against the cap shifted back.
    if (shift >= Long.SIZE - 1 || base > (cap >> shift)) {
      return cap;
    }
    return Math.min(base << shift, cap);
  }
}
