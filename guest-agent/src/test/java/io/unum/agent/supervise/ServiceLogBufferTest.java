package io.unum.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages.Stream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceLogBufferTest {
  private final ServiceLogBuffer buffer = new ServiceLogBuffer("svc", 3);

  @Test
  void aFullBufferCountsWhatItLosesAndTheCountComesWithTheNextLineOfItsStream() {
    assertThat(buffer.add(Stream.STDOUT, "1")).as("the first line queues the buffer").isTrue();
    assertThat(buffer.add(Stream.STDOUT, "2")).isFalse();
    buffer.add(Stream.STDOUT, "3");
    buffer.add(Stream.STDOUT, "4");
    buffer.add(Stream.STDOUT, "5");
    ServiceLogBuffer.Batch first = buffer.take(256);
    assertThat(first.lines()).containsExactly("1", "2", "3");
    assertThat(first.dropped()).isZero();
    assertThat(first.more()).as("the two lost lines still have to be told").isTrue();
    buffer.add(Stream.STDOUT, "6");
    ServiceLogBuffer.Batch second = buffer.take(256);
    assertThat(second.lines()).containsExactly("6");
    assertThat(second.dropped()).isEqualTo(2);
    assertThat(second.more()).isFalse();
    assertThat(buffer.take(256)).isNull();
  }

  @Test
  void lossesWithNoLineAfterThemTravelAlone() {
    for (int i = 0; i < 5; i++) {
      buffer.add(Stream.STDERR, "e" + i);
    }
    assertThat(buffer.take(256).lines()).containsExactly("e0", "e1", "e2");
    ServiceLogBuffer.Batch losses = buffer.take(256);
    assertThat(losses.stream()).isEqualTo(Stream.STDERR);
    assertThat(losses.lines()).isEmpty();
    assertThat(losses.dropped()).isEqualTo(2);
    assertThat(losses.more()).isFalse();
    assertThat(buffer.add(Stream.STDERR, "again")).as("drained: the next line queues it again").isTrue();
  }

  @Test
  void longLinesAreBoundedByCharactersTooInTheBufferAndInABatch() {
    ServiceLogBuffer big = new ServiceLogBuffer("svc", 1000);
    String line = "x".repeat(4096);
    int kept = (int) (ServiceLogBuffer.MAX_CHARS / line.length());
    for (int i = 0; i < kept + 10; i++) {
      big.add(Stream.STDOUT, line);
    }
    int taken = 0;
    ServiceLogBuffer.Batch batch;
    long dropped = 0;
    while ((batch = big.take(256)) != null) {
      assertThat(batch.lines().stream().mapToInt(String::length).sum())
          .isLessThanOrEqualTo(ServiceLogBuffer.MAX_BATCH_CHARS);
      taken += batch.lines().size();
      dropped += batch.dropped();
    }
    assertThat(taken).isEqualTo(kept);
    assertThat(dropped).isEqualTo(10);
    assertThat(big.add(Stream.STDOUT, line)).as("room again once shipped").isTrue();
    assertThat(big.take(256).lines()).hasSize(1);
  }

  @Test
  void aBatchHoldsOneStreamAndAtMostMaxLines() {
    ServiceLogBuffer big = new ServiceLogBuffer("svc", 10);
    big.add(Stream.STDOUT, "o1");
    big.add(Stream.STDOUT, "o2");
    big.add(Stream.STDOUT, "o3");
    big.add(Stream.STDERR, "e1");
    big.add(Stream.STDOUT, "o4");
    assertThat(big.take(2)).isEqualTo(new ServiceLogBuffer.Batch("svc", Stream.STDOUT, List.of("o1", "o2"), 0, true));
    assertThat(big.take(2).lines()).containsExactly("o3");
    assertThat(big.take(2)).isEqualTo(new ServiceLogBuffer.Batch("svc", Stream.STDERR, List.of("e1"), 0, true));
    assertThat(big.take(2)).isEqualTo(new ServiceLogBuffer.Batch("svc", Stream.STDOUT, List.of("o4"), 0, false));
  }
}
