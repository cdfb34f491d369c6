package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import org.junit.jupiter.api.Test;

class SpecMergePolicyTest {
  private final SpecMergePolicy policy = new SpecMergePolicy();
  private final SpecRecord older = SpecRecord.first(NodeSpec.withDefaults(2));
  private final SpecRecord newer = older.then(null);

  /** A merging entry whose raw form is the record itself, so the test sees which side was kept. */
  private static MergingValue<SpecRecord> entry(SpecRecord record) {
    return new MergingValue<>() {
      @Override
      public SpecRecord getValue() {
        return record;
      }

      @Override
      public Object getRawValue() {
        return record;
      }
    };
  }

  @Test
  void theSmallerSidesNewerRecordReplacesTheLargerSidesOlderOne() {
    assertThat(policy.merge(entry(newer), entry(older))).isSameAs(newer);
  }

  @Test
  void theLargerSidesNewerRecordStays() {
    assertThat(policy.merge(entry(older), entry(newer))).isSameAs(newer);
  }

  @Test
  void aRecordOnlyTheSmallerSideHasIsKept() {
    assertThat(policy.merge(entry(older), null)).isSameAs(older);
  }
}
