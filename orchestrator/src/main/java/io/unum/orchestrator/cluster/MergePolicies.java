package io.unum.orchestrator.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;

/**
 * What stays of each map when a split of the control plane heals (Hazelcast merges the smaller
 * side into the larger). Writes need a majority ({@link Quorum}) and only the majority's leader
 * acts, so the larger side's entry wins, and the smaller side adds only keys the larger lacks:
 * its own host record, say, which it rewrites every second anyway. Node specs differ: the record
 * that supersedes the other stays ({@link SpecMergePolicy}), as it does when a host's disk copy
 * is merged at start. Ringbuffers (events, audit, service logs) keep the larger side's; each
 * host's audit file keeps its own records. ARCHITECTURE.md lists the same.
 */
final class MergePolicies {
  /** Entries merged per batch: Hazelcast's default. */
  private static final int BATCH = 100;

  private MergePolicies() {
  }

  static void applyTo(Config config) {
    config.addMapConfig(withPolicy("unum.*", PutIfAbsentMergePolicy.class.getName()));
    config.addMapConfig(withPolicy(HazelcastClusterStore.SPECS, SpecMergePolicy.class.getName()));
  }

  private static MapConfig withPolicy(String maps, String policy) {
    return new MapConfig(maps).setMergePolicyConfig(new MergePolicyConfig(policy, BATCH));
  }
}
