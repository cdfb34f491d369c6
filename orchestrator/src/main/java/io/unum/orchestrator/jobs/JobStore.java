package io.unum.orchestrator.jobs;

import io.unum.orchestrator.cluster.LeaderStamp;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where jobs, the node locks they hold, and idempotency keys live: shared by every host. */
public interface JobStore {

  Collection<Job> jobs();

  /**
   * The jobs a runner works on: those not finished, and those finished at or after
   * {@code finishedSinceMillis}. Without the long tail of finished ones a scan stays small.
   */
  Collection<Job> live(long finishedSinceMillis);

  Optional<Job> job(String id);

  void put(Job job);

  /** Puts {@code job} unless its id is there already; returns the job that was there, if any. */
  Optional<Job> putIfAbsent(Job job);

  /** Atomically replaces job {@code id} by {@code change} of it; empty when there is no such job. */
  default Optional<Job> update(String id, UnaryOperator<Job> change) {
    return update(id, LeaderStamp.NONE, change);
  }

  /**
   * As {@link #update(String, UnaryOperator)}, for a step of the leader of {@code leaderEpoch}
   * ({@link LeaderStamp#NONE}: no leader's): a changed job then carries that epoch.
   *
   * @throws io.unum.orchestrator.cluster.DeposedLeaderException when a newer leader advanced the job: nothing changed
   */
  Optional<Job> update(String id, long leaderEpoch, UnaryOperator<Job> change);

  void remove(String id);

  /** Makes {@code jobId} the node's one active job; returns the job that holds it otherwise. */
  Optional<String> lockNode(int node, String jobId);

  /** The job that holds the node now, if any (node 0: the cluster's run-level lock). */
  Optional<String> lockHolder(int node);

  /** Frees the node if {@code jobId} holds it. */
  void unlockNode(int node, String jobId);

  /**
   * Records that {@code key} names {@code claim} for {@code ttl}; returns the claim recorded
   * earlier under that key instead, if there is one.
   */
  Optional<IdempotencyClaim> claim(String key, IdempotencyClaim claim, Duration ttl);

  void releaseClaim(String key, IdempotencyClaim claim);
}
