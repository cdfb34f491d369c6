package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.protocol.Messages.Heartbeat;
import java.util.function.Predicate;

/**
 * Sends a heartbeat every period. A beat the link has no room for is dropped, not queued: a
 * gap in {@code seq} tells the host how many were lost.
 */
public final class Heartbeats {
  private final NodeLoadReader sampler;
  private final Predicate<Heartbeat> offer;
  private final long periodNanos;
  private final Thread thread;

  /** {@code offer} queues a beat if there is room and says whether it did. */
  public Heartbeats(NodeLoadReader sampler, Predicate<Heartbeat> offer, long periodMillis) {
    this.sampler = sampler;
    this.offer = offer;
    this.periodNanos = periodMillis * 1_000_000;
    this.thread = new Thread(this::run, "unum-heartbeat");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void stop() {
    thread.interrupt();
  }

  private void run() {
    long seq = 0;
    long next = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      next += periodNanos;
      long now = System.nanoTime();
      if (now - next > periodNanos) {
        // The guest was paused (migration, host load): beat now, don't burst to catch up.
        next = now;
      }
      try {
        long wait = next - now;
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      } catch (InterruptedException e) {
        return;
      }
      try {
        offer.test(sampler.sample(++seq));
      } catch (RuntimeException e) {
        // A beat that cannot be taken is a gap in seq; the next one may well work.
        Log.line("heartbeat " + seq + " failed: " + e);
      }
    }
  }
}
