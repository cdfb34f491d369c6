package io.unum.orchestrator.fencing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link LeaseStore} on the CP subsystem: one Raft-backed counter per host. */
public final class HazelcastLeaseStore implements LeaseStore {
  static final String PREFIX = "unum.lease.";
  private final HazelcastInstance hazelcast;
  private final Duration deadline;

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
    return hazelcast.getCPSubsystem().getAtomicLong(PREFIX + host);
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
      throw new LeaseUnavailableException("cannot " + what + " host " + host + "'s lease: " + cause, cause);
    }
  }
}
