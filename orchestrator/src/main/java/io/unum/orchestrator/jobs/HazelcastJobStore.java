package io.unum.orchestrator.jobs;

import com.hazelcast.core.HazelcastInstance;
import io.unum.orchestrator.cluster.LeaderStamp;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** {@link JobStore} on Hazelcast maps; changes are compare-and-set, keys expire by TTL. */
public final class HazelcastJobStore implements JobStore {
  private final IMap<String, Job> jobs;
  private final IMap<Integer, String> locks;
  private final IMap<String, IdempotencyClaim> keys;

  public HazelcastJobStore(HazelcastInstance hazelcast) {
    this.jobs = hazelcast.getMap("unum.jobs");
    this.locks = hazelcast.getMap("unum.job-locks");
    this.keys = hazelcast.getMap("unum.idempotency-keys");
  }

  @Override
  public Collection<Job> jobs() {
    return List.copyOf(jobs.values());
  }

  @Override
  public Collection<Job> live(long finishedSinceMillis) {
    // Filtered where the jobs are kept: only the few live ones cross the network.
    return List.copyOf(jobs.values(Predicates.or(Predicates.in("state", JobState.QUEUED, JobState.RUNNING),
        Predicates.greaterEqual("finishedMillis", finishedSinceMillis))));
  }

  @Override
  public Optional<Job> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public void put(Job job) {
    jobs.set(job.id(), job);
  }

  @Override
  public Optional<Job> putIfAbsent(Job job) {
    return Optional.ofNullable(jobs.putIfAbsent(job.id(), job));
  }

  @Override
  public Optional<Job> update(String id, long leaderEpoch, UnaryOperator<Job> change) {
    while (true) {
      Job current = jobs.get(id);
      if (current == null) {
        return Optional.empty();
      }
      // Checked against the job read, which the replace below compares in full: atomic.
      LeaderStamp.after(current.leaderEpoch(), leaderEpoch, "job " + id);
      Job changed = change.apply(current);
      Job next = changed.equals(current) ? current : changed.stampedBy(leaderEpoch);
      if (next.equals(current) || jobs.replace(id, current, next)) {
        return Optional.of(next);
      }
    }
  }

  @Override
  public void remove(String id) {
    jobs.delete(id);
  }

  @Override
  public Optional<String> lockNode(int node, String jobId) {
    String holder = locks.putIfAbsent(node, jobId);
    return holder == null || holder.equals(jobId) ? Optional.empty() : Optional.of(holder);
  }

  @Override
  public Optional<String> lockHolder(int node) {
    return Optional.ofNullable(locks.get(node));
  }

  @Override
  public void unlockNode(int node, String jobId) {
    locks.remove(node, jobId);
  }

  @Override
  public Optional<IdempotencyClaim> claim(String key, IdempotencyClaim claim, Duration ttl) {
    return Optional.ofNullable(keys.putIfAbsent(key, claim, ttl.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public void releaseClaim(String key, IdempotencyClaim claim) {
    keys.remove(key, claim);
  }
}
