package io.unum.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.unum.agent.protocol.LineReader;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The orchestrator's side of one connection, as a test drives it: lines are read by a thread
 * into queues (heartbeats apart), so a test can wait for a message with a deadline.
 */
final class TestHost implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(5);

  private final SocketChannel socket;
  private final MessageCodec codec = new MessageCodec();
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  private final BlockingQueue<Messages.Heartbeat> beats = new LinkedBlockingQueue<>();
  /** Process reports, kept apart like heartbeats: they come whenever the node's processes change. */
  private final BlockingQueue<Messages.Procs> reports = new LinkedBlockingQueue<>();
  /** Service states and logs, kept apart too: they follow every hello and every change. */
  private final BlockingQueue<Message> services = new LinkedBlockingQueue<>();
  private final Thread reader;
  private long nextId = 1000;

  TestHost(SocketChannel socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "test-host-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    InputStream in = Channels.newInputStream(socket);
    LineReader lines = new LineReader(in, 4 << 20);
    try {
      LineReader.Line line;
      while ((line = lines.next()) != null) {
        Message message = codec.decode(line.text());
        if (message instanceof Messages.Heartbeat beat) {
          beats.add(beat);
        } else if (message instanceof Messages.Procs report) {
          reports.add(report);
        } else if (message instanceof Messages.ServiceStates || message instanceof Messages.ServiceLog) {
          services.add(message);
        } else {
          messages.add(message);
        }
      }
    } catch (IOException e) {
      // Connection closed by the test.
    } catch (ProtocolException e) {
      messages.add(new Messages.Error(null, e.code(), "TEST HOST could not decode: " + e.getMessage()));
    }
  }

  long newId() {
    return ++nextId;
  }

  void send(Message message) throws IOException {
    sendRaw(codec.encode(message) + "\n");
  }

  void sendRaw(String text) throws IOException {
    sendBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      socket.write(buffer);
    }
  }

  /** Sends a sync and returns what arrived before its echo, as the orchestrator would discard. */
  List<Message> sync() throws Exception {
    String nonce = UUID.randomUUID().toString();
    long id = newId();
    send(new Messages.Sync(id, nonce));
    List<Message> stale = new ArrayList<>();
    while (true) {
      Message message = next();
      if (message instanceof Messages.Synced synced && synced.id() == id && synced.nonce().equals(nonce)) {
        return stale;
      }
      stale.add(message);
    }
  }

  Message next() throws InterruptedException {
    return next(PATIENCE);
  }

  Message next(Duration within) throws InterruptedException {
    Message message = messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      fail("no message from the agent within " + within);
    }
    return message;
  }

  /** The next message, which must be of {@code type}. */
  <T extends Message> T expect(Class<T> type) throws InterruptedException {
    Message message = next();
    assertThat(message).isInstanceOf(type);
    return type.cast(message);
  }

  /** Null if nothing (but heartbeats) arrives within {@code quiet}. */
  Message poll(Duration quiet) throws InterruptedException {
    return messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next process report, or null when none comes in time. */
  Messages.Procs nextReport(Duration within) throws InterruptedException {
    return reports.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next service-states or service-log, or null when none comes in time. */
  Message nextService(Duration within) throws InterruptedException {
    return services.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  Messages.Heartbeat nextBeat(Duration within) throws InterruptedException {
    Messages.Heartbeat beat = beats.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (beat == null) {
      fail("no heartbeat within " + within);
    }
    return beat;
  }

  void clearBeats() {
    beats.clear();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
