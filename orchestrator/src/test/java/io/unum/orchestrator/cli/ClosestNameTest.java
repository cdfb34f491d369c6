package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {
  private static final List<String> KEYS = List.of("api-host", "api-port", "cidr", "cluster", "hosts");

  @Test
  void aTypoFindsTheKeyItWasMeantToBe() {
    assertThat(ClosestName.to("cidrr", KEYS)).contains("cidr");
    assertThat(ClosestName.to("api_port", KEYS)).contains("api-port");
    assertThat(ClosestName.to("host", KEYS)).contains("hosts");
  }

  @Test
  void aDifferentWordFindsNothing() {
    assertThat(ClosestName.to("frobnication", KEYS)).isEmpty();
  }

  @Test
  void distanceCountsEdits() {
    assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(ClosestName.distance("", "abc")).isEqualTo(3);
    assertThat(ClosestName.distance("same", "same")).isZero();
  }
}
