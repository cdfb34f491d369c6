package io.unum.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    Await.until("heartbeat 1 written", Duration.ofSeconds(5), () -> out.text().contains("\"seq\":1"));
    Await.until("room for heartbeat 100", Duration.ofSeconds(5), () -> writer.offerBeat(beat(100)));
    Await.until("heartbeat 100 written", Duration.ofSeconds(5), () -> out.text().contains("\"seq\":100"));
    assertThat(out.text().lines()).hasSize(2);
    writer.stop();
  }

  @Test
  void linesOfAnEndedSessionAreDroppedButTheirCallbacksRun() throws Exception {
    StuckOutput out = new StuckOutput();
    out.hostBack.countDown();
    LinkWriter writer = new LinkWriter(out, codec);
    writer.start();
    SyncSession old = new SyncSession();
    old.end();
    CountDownLatch dropped = new CountDownLatch(1);
    writer.send(new Messages.Ok(1L), old, dropped::countDown);
    writer.send(new Messages.Ok(2L), new SyncSession(), null);
    writer.send(new Messages.Ok(3L));
    assertThat(dropped.await(5, TimeUnit.SECONDS)).isTrue();
    Await.until("the live session's lines written", Duration.ofSeconds(5), () -> out.text().lines().count() == 2);
    assertThat(out.text()).isEqualTo("{\"type\":\"ok\",\"id\":2}\n{\"type\":\"ok\",\"id\":3}\n");
    writer.stop();
  }
}
