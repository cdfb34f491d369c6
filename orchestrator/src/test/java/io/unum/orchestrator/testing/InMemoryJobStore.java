package io.unum.orchestrator.testing;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.jobs.IdempotencyClaim;
import io.unum.orchestrator.jobs.Job;
import io.unum.orchestrator.jobs.JobStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** A {@link JobStore} in plain maps (keys never expire), for unit tests of the job services. */
public final class InMemoryJobStore implements JobStore {
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<Integer, String> locks = new ConcurrentHashMap<>();
  private final Map<String, IdempotencyClaim> keys = new ConcurrentHashMap<>();

  @Override
  public Collection<Job> jobs() {
    return List.copyOf(jobs.values());
  }

  @Override
  public Collection<Job> live(long finishedSinceMillis) {
    return jobs.values().stream().filter(j -> !j.state().finished() || j.finishedMillis() >= finishedSinceMillis).toList();
  }

  @Override
  public Optional<Job> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public void put(Job job) {
    jobs.put(job.id(), job);
  }

  @Override
  public Optional<Job> putIfAbsent(Job job) {
    return Optional.ofNullable(jobs.putIfAbsent(job.id(), job));
  }

  @Override
  public Optional<Job> update(String id, long leaderEpoch, UnaryOperator<Job> change) {
    return Optional.ofNullable(jobs.computeIfPresent(id, (k, job) -> {
      LeaderStamp.after(job.leaderEpoch(), leaderEpoch, "job " + id);
      Job next = change.apply(job);
      return next.equals(job) ? job : next.stampedBy(leaderEpoch);
    }));
  }

  @Override
  public void remove(String id) {
    jobs.remove(id);
  }

  @Override
  public Optional<String> lockNode(int node, String jobId) {
    String holder = locks.putIfAbsent(node, jobId);
    return holder == null || holder.equals(jobId) ? Optional.empty() : Optional.of(holder);
  }

  @Override
  public void unlockNode(int node, String jobId) {
    locks.remove(node, jobId);
  }

  @Override
  public Optional<String> lockHolder(int node) {
    return Optional.ofNullable(locks.get(node));
  }

  @Override
  public Optional<IdempotencyClaim> claim(String key, IdempotencyClaim claim, Duration ttl) {
    return Optional.ofNullable(keys.putIfAbsent(key, claim));
  }

  @Override
  public void releaseClaim(String key, IdempotencyClaim claim) {
    keys.remove(key, claim);
  }
}
