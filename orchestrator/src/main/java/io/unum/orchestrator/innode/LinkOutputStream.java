package io.unum.orchestrator.innode;

import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/** One stream of an in-node command's output, sent to the agent as {@code output} lines. */
final class LinkOutputStream extends OutputStream {
  private final long id;
  private final Messages.Stream stream;
  private final Consumer<Message> reply;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  LinkOutputStream(long id, Messages.Stream stream, Consumer<Message> reply) {
    this.id = id;
    this.stream = stream;
    this.reply = reply;
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
    sendFull();
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    pending.write(bytes, offset, length);
    sendFull();
  }

  /** Sends what is buffered (the caller flushes at line ends and at the end). */
  @Override
  public synchronized void flush() {
    if (pending.size() > 0) {
      reply.accept(new Messages.Output(id, stream, pending.toByteArray()));
      pending.reset();
    }
  }

  private void sendFull() {
    while (pending.size() >= Protocol.MAX_OUTPUT_CHUNK_BYTES) {
      byte[] all = pending.toByteArray();
      pending.reset();
      reply.accept(new Messages.Output(id, stream, java.util.Arrays.copyOf(all, Protocol.MAX_OUTPUT_CHUNK_BYTES)));
      pending.write(all, Protocol.MAX_OUTPUT_CHUNK_BYTES, all.length - Protocol.MAX_OUTPUT_CHUNK_BYTES);
    }
  }
}
