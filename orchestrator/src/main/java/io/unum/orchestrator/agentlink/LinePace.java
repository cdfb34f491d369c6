package io.unum.orchestrator.agentlink;

/**
 * How fast a link reads its agent's lines: a token bucket of {@code perSecond} lines a second,
 * bursts up to {@code burst}. A guest that sends more is read slower, never dropped, so a flood
 * costs only its own link (its writes block in the guest) and not the host's CPU. Pure: the
 * caller passes the clock and does the waiting.
 */
final class LinePace {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  LinePace(int perSecond, int burst, long nowNanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Takes one line's token; returns how many nanoseconds to wait before handling the line (0: at once). */
  long take(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}
