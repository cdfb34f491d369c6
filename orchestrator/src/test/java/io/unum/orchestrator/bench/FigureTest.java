package io.unum.orchestrator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FigureTest {
  @Test
  void aTimeMeetsItsTargetAtOrBelowIt() {
    Figure kill = Figure.lower("remote kill p99", 42, "ms").aiming(50);
    assertThat(kill.met()).hasValue(true);
    assertThat(Figure.lower("remote kill p99", 50, "ms").aiming(50).met()).hasValue(true);
    assertThat(Figure.lower("remote kill p99", 308, "ms").aiming(50).met()).hasValue(false);
    assertThat(kill.describeTarget()).isEqualTo("<= 50 ms");
  }

  @Test
  void aThroughputMeetsItsTargetAtOrAboveIt() {
    Figure throughput = Figure.higher("TCP across hosts", 900, "Mbit/s").aiming(1000);
    assertThat(throughput.met()).hasValue(false);
    assertThat(throughput.describeTarget()).isEqualTo(">= 1000 Mbit/s");
  }

  @Test
  void aTargetRelativeToThePlainToolScalesItsBaseline() {
    Figure wall = Figure.lower("idle move, wall p50", 2300, "ms").beside("plain virsh migrate", 2000)
        .aimingTimesBaseline(1.2);
    assertThat(wall.limit()).hasValue(2400.0);
    assertThat(wall.met()).hasValue(true);
    assertThat(wall.ratio()).hasValue(1.15);
    assertThat(wall.describeTarget()).isEqualTo("<= 1.2x the plain tool");
    assertThat(wall.beside("plain virsh migrate", 1800).met()).as("the same target over another baseline")
        .hasValue(false);
  }

  @Test
  void withoutTargetNothingIsMetOrMissed() {
    Figure up = Figure.lower("lab up", 61.2, "s");
    assertThat(up.met()).isEmpty();
    assertThat(up.limit()).isEmpty();
    assertThat(up.ratio()).isEmpty();
    assertThat(up.describeTarget()).isEmpty();
  }

  @Test
  void numbersReadWithTheDigitsTheyNeed() {
    assertThat(Figure.lower("a", 1, "s").format(0.378)).isEqualTo("0.38 s");
    assertThat(Figure.lower("a", 1, "s").format(32.14)).isEqualTo("32.1 s");
    assertThat(Figure.lower("a", 1, "ms").format(2300.4)).isEqualTo("2300 ms");
    assertThat(Figure.lower("a", 1, "").format(3)).isEqualTo("3");
    assertThat(Figure.lower("a", 1, "x").format(1.5)).isEqualTo("1.50x");
  }

  @Test
  void whatCouldNotBeMeasuredIsLeftOutNotWrittenAsANumber() {
    assertThatThrownBy(() -> Figure.lower("sse p99", Double.NaN, "ms")).hasMessageContaining("sse p99");
    assertThatThrownBy(() -> Figure.lower("a", 1, "ms").beside("plain", Double.POSITIVE_INFINITY))
        .hasMessageContaining("plain");
    assertThatThrownBy(() -> Figure.lower("a", 1, "ms").aimingTimesBaseline(1.2))
        .hasMessageContaining("baseline");
    assertThatThrownBy(() -> Figure.lower(" ", 1, "ms")).hasMessageContaining("name");
  }
}
