package io.unum.agent.link;

import io.unum.agent.Log;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that writes to the channel. A bounded queue in front of it pushes back on
 * whoever produces too fast (replies and output wait for room), and heartbeats are dropped
 * rather than queued, so nothing piles up while the host is away.
 */
public final class LinkWriter {
  /** Lines waiting for the channel; output lines are up to 43 KiB each, so this caps ~1.4 MiB. */
  static final int CAPACITY = 32;

  private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicBoolean beatPending = new AtomicBoolean();
  private final AtomicBoolean procsPending = new AtomicBoolean();
  private final OutputStream out;
  private final MessageCodec codec;
  private final Thread thread;
  private volatile boolean stopped;

  /** A line to write; {@code session} null means it belongs to no session and always goes out. */
  private record Outgoing(Message message, SyncSession session, Runnable afterWrite) {}

  public LinkWriter(OutputStream out, MessageCodec codec) {
    this.out = out;
    this.codec = codec;
    this.thread = new Thread(this::run, "unum-writer");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  /** Queues a line that belongs to no session, waiting for room. */
  public void send(Message message) {
    send(message, null, null);
  }

  /**
   * Queues a line, waiting for room; it is dropped instead of written if {@code session} has
   * ended by then. {@code afterWrite} runs once it is written or dropped.
   */
  void send(Message message, SyncSession session, Runnable afterWrite) {
    try {
      queue.put(new Outgoing(message, session, afterWrite));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (afterWrite != null) {
        afterWrite.run();
      }
    }
  }

  /** Queues a heartbeat unless an earlier one is still waiting or the queue is full. */
  public boolean offerBeat(Heartbeat beat) {
    return offerOne(beat, beatPending);
  }

  /** Queues a process report unless one is still waiting; says whether it did. */
  public boolean offerProcs(Messages.Procs report) {
    return offerOne(report, procsPending);
  }

  /** At most one message of a kind waits in the queue: a newer one is worth more than a backlog. */
  private boolean offerOne(Message message, AtomicBoolean pending) {
    if (!pending.compareAndSet(false, true)) {
      return false;
    }
    if (!queue.offer(new Outgoing(message, null, () -> pending.set(false)))) {
      pending.set(false);
      return false;
    }
    return true;
  }

  private void run() {
    boolean failing = false;
    while (!stopped) {
      Outgoing next;
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        if (next.session() == null || !next.session().ended()) {
          out.write(codec.encodeLine(next.message()));
          out.flush();
          failing = false;
        }
      } catch (IOException | RuntimeException e) {
        if (stopped) {
          break;
        }
        // Log the first failure of a streak only: a broken port would fail every line.
        if (!failing) {
          Log.line("cannot write to the host: " + e);
        }
        failing = true;
      } finally {
        if (next.afterWrite() != null) {
          next.afterWrite().run();
        }
      }
    }
  }
}
