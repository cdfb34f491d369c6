package io.unum.orchestrator.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * When a split heals, each node's spec record that {@link SpecRecord#supersedes} the other side's
 * stays: the same rule a host applies to its disk copy at start, so a merge and a later full
 * restart agree. (Hazelcast's default keeps the larger side's entry whatever its revision.)
 */
public final class SpecMergePolicy implements SplitBrainMergePolicy<SpecRecord, MergingValue<SpecRecord>, Object> {

  @Override
  public Object merge(MergingValue<SpecRecord> merging, MergingValue<SpecRecord> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    return merging.getValue().supersedes(existing.getValue()) ? merging.getRawValue() : existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // No state: every member builds the same policy.
  }

  @Override
  public void readData(ObjectDataInput in) {
    // No state.
  }
}
