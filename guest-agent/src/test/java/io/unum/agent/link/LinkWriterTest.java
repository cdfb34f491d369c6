package io.unum.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkWriterTest {
  private final MessageCodec codec = new MessageCodec();

  /** A channel whose host is away until {@link #hostBack} counts down. */
  private static final class StuckOutput extends OutputStream {
    final CountDownLatch hostBack = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      try {
        hostBack.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.write(b, off, len);
    }

    synchronized String text() {
      return written.toString(StandardCharsets.UTF_8);
    }
  }

  private static Messages.Heartbeat beat(long seq) {
    return new Messages.Heartbeat(null, seq, 1, 0, 0, 0, 0, 1, 1, 1);
  }

  @Test
  void heartbeatsDoNotPileUpWhileTheHostIsAway() throws Exception {
    StuckOutput out = new StuckOutput();
    LinkWriter writer = new LinkWriter(out, codec);
    writer.start();
    assertThat(writer.offerBeat(beat(1))).isTrue();
    for (int seq = 2; seq < 100; seq++) {
      assertThat(writer.offerBeat(beat(seq))).isFalse();
    }
    out.hostBack.countDown();
    waitFor(() -> out.text().contains("\"seq\":1"));
    waitFor(() -> writer.offerBeat(beat(100)));
    waitFor(() -> out.text().contains("\"seq\":100"));
    assertThat(out.text().lines()).hasSize(2);
    writer.stop();
  }

  @Test
  void linesOfAnEndedSessionAreDroppedButTheirCallbacksRun() throws Exception {
    StuckOutput out = new StuckOutput();
    out.hostBack.countDown();
    LinkWriter writer = new LinkWriter(out, codec);
    writer.start();
    Session old = new Session();
    old.end();
    CountDownLatch dropped = new CountDownLatch(1);
    writer.send(new Messages.Ok(1L), old, dropped::countDown);
    writer.send(new Messages.Ok(2L), new Session(), null);
    writer.send(new Messages.Ok(3L));
    assertThat(dropped.await(5, TimeUnit.SECONDS)).isTrue();
    waitFor(() -> out.text().lines().count() == 2);
    assertThat(out.text()).isEqualTo("{\"type\":\"ok\",\"id\":2}\n{\"type\":\"ok\",\"id\":3}\n");
    writer.stop();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
