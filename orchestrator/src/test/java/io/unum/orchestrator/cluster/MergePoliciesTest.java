package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import org.junit.jupiter.api.Test;

class MergePoliciesTest {
  @Test
  void specsMergeByRevisionAndEveryOtherMapKeepsTheLargerSidesEntries() {
    Config config = new Config();
    MergePolicies.applyTo(config);
    assertThat(config.findMapConfig(HazelcastClusterStore.SPECS).getMergePolicyConfig().getPolicy())
        .isEqualTo(SpecMergePolicy.class.getName());
    for (String map : new String[] {HazelcastClusterStore.STATUSES, HazelcastClusterStore.HOSTS, "unum.jobs"}) {
      assertThat(config.findMapConfig(map).getMergePolicyConfig().getPolicy()).as(map)
          .isEqualTo(PutIfAbsentMergePolicy.class.getName());
    }
  }
}
