package io.unum.orchestrator.fencing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link LeaseStore} on the CP subsystem: one Raft-backed counter per host. */
public final class HazelcastLeaseStore implements LeaseStore, AutoCloseable {
  static final String PREFIX = "unum.lease.";
  /** How long a counter's proxy may be in the making before it is asked for again. */
  static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(10);
  private static final int MAX_ASKING = 32;
  private final HazelcastInstance hazelcast;
  private final Duration deadline;
  private final Map<String, IAtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Asked<IAtomicLong>> asked = new ConcurrentHashMap<>();
  /**
   * Hazelcast's getAtomicLong blocks until the CP subsystem has formed (minutes, when hosts restart
   * together), with no deadline of its own: it is asked here, and waited for only so long. One
   * asked of a group that is gone for good (the subsystem was reset meanwhile) blocks for two
   * minutes, retrying the old group: after {@link #ASK_AGAIN_AFTER} it is asked again beside it,
   * on another thread (a bounded few; when none is free, the lease is unavailable this time).
   */
  private final ExecutorService proxies = new ThreadPoolExecutor(0, MAX_ASKING, 60, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "lease-counters");
        t.setDaemon(true);
        return t;
      });

  /** A proxy being made, since when (System.nanoTime). */
  private record Asked<T>(Future<T> proxy, long sinceNanos) {}

  /** @param deadline how long a call may wait for the majority */
  public HazelcastLeaseStore(HazelcastInstance hazelcast, Duration deadline) {
    this.hazelcast = hazelcast;
    this.deadline = deadline;
  }

  @Override
  public long read(String host) {
    return await("read", host, counter(host).getAsync());
  }

  @Override
  public boolean compareAndSet(String host, long expected, long next) {
    return await("renew or revoke", host, counter(host).compareAndSetAsync(expected, next));
  }

  private IAtomicLong counter(String host) {
    IAtomicLong counter = counters.get(host);
    if (counter != null) {
      return counter;
    }
    long now = System.nanoTime();
    Future<IAtomicLong> pending;
    try {
      pending = asked.compute(host, (h, before) -> {
        if (before != null && now - before.sinceNanos() < ASK_AGAIN_AFTER.toNanos()) {
          return before;
        }
        if (before != null) {
          before.proxy().cancel(true);
        }
        return new Asked<>(proxies.submit(() -> hazelcast.getCPSubsystem().getAtomicLong(PREFIX + h)), now);
      }).proxy();
    } catch (RejectedExecutionException e) {
      throw new LeaseUnavailableException("the CP subsystem has not formed yet (host " + host + "'s lease; "
          + MAX_ASKING + " requests for it still waiting)", e);
    }
    try {
      counter = pending.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      counters.put(host, counter);
      asked.remove(host);
      return counter;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeaseUnavailableException("interrupted", e);
    } catch (TimeoutException e) {
      throw new LeaseUnavailableException("the CP subsystem has not formed yet (host " + host + "'s lease)", e);
    } catch (ExecutionException e) {
      asked.remove(host);
      throw new LeaseUnavailableException("cannot reach host " + host + "'s lease: " + e.getCause(), e.getCause());
    } catch (CancellationException e) {
      throw new LeaseUnavailableException("host " + host + "'s lease is being asked for again", e);
    }
  }

  private <T> T await(String what, String host, CompletionStage<T> call) {
    try {
      return call.toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeaseUnavailableException("interrupted", e);
    } catch (TimeoutException e) {
      throw new LeaseUnavailableException("the CP majority did not " + what + " host " + host + "'s lease within "
          + deadline.toMillis() + " ms", e);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof CPGroupDestroyedException) {
        counters.remove(host); // the CP subsystem was reset: the counter lives in a new group now
      }
      throw new LeaseUnavailableException("cannot " + what + " host " + host + "'s lease: " + cause, cause);
    }
  }

  @Override
  public void close() {
    proxies.shutdownNow();
  }
}
