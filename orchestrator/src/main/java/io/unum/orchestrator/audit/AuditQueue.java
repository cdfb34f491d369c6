package io.unum.orchestrator.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to the {@link AuditLog} on a thread of its own, so that whoever records (the
 * API's event loop) never waits for the cluster. Bounded: when the log cannot keep up, a record
 * that finds the queue full is dropped and counted, and a WARN says so at most once a minute.
 */
public final class AuditQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditQueue.class);
  /** Records waiting at most: a few MiB, minutes of a busy API's writes. */
  public static final int CAPACITY = 10_000;
  /** How long a clean stop waits for the records still queued to reach the log. */
  private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(5);

  private final AuditLog log;
  private final BlockingQueue<AuditRecord> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final OncePerMinute dropWarning;
  private final OncePerMinute failureWarning;
  private final Thread drainer;
  private volatile boolean closing;

  public AuditQueue(AuditLog log) {
    this(log, CAPACITY, System::currentTimeMillis);
  }

  AuditQueue(AuditLog log, int capacity, LongSupplier clock) {
    this.log = log;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropWarning = new OncePerMinute(clock);
    this.failureWarning = new OncePerMinute(clock);
    this.drainer = new Thread(this::drain, "audit-queue");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Queues a record for the log; never blocks. */
  public void offer(AuditRecord record) {
    if (closing || !queue.offer(record)) {
      long count = dropped.incrementAndGet();
      if (dropWarning.due()) {
        LOG.warn("audit records dropped: the cluster's audit log does not keep up ({} dropped since start;"
            + " this one: {} {} by {})", count, record.method(), record.path(), record.user());
      }
    }
  }

  /** Records dropped because the queue was full, since start. */
  public long dropped() {
    return dropped.get();
  }

  /** Records the log refused (an error of the cluster), since start. */
  public long failed() {
    return failed.get();
  }

  private void drain() {
    List<AuditRecord> batch = new ArrayList<>();
    while (!closing) {
      try {
        // Polled, not taken: a stop is noticed without interrupting an append under way.
        AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, 999);
      appendAll(batch);
    }
  }

  private void appendAll(List<AuditRecord> batch) {
    for (AuditRecord record : batch) {
      try {
        log.append(record);
      } catch (RuntimeException e) {
        long count = failed.incrementAndGet();
        if (failureWarning.due()) {
          LOG.warn("audit record not stored in the cluster ({} lost since start): {} {} by {}: {}", count,
              record.method(), record.path(), record.user(), e.getMessage());
        }
      }
    }
    batch.clear();
  }

  /** Stops taking records; what is queued still goes to the log, within a few seconds. */
  @Override
  public void close() {
    closing = true;
    long deadline = System.nanoTime() + DRAIN_ON_CLOSE.toNanos();
    try {
      drainer.join(DRAIN_ON_CLOSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<AuditRecord> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (int i = 0; i < rest.size(); i++) {
      if (System.nanoTime() > deadline) {
        LOG.warn("{} audit records not stored: the cluster did not take them within {} s", rest.size() - i,
            DRAIN_ON_CLOSE.toSeconds());
        return;
      }
      appendAll(new ArrayList<>(List.of(rest.get(i))));
    }
  }
}
