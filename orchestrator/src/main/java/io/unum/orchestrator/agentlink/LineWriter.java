package io.unum.orchestrator.agentlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one connection's lines on a thread of its own, from a bounded queue. A guest that stops
 * reading its port fills its socket; the write then blocks, and without this the caller would
 * block with it: a request thread, the API, or the timer that serves every node of the host. So
 * a silent guest stalls only its own link, and its link notices ({@link #stuckNanos}).
 */
final class LineWriter implements AutoCloseable {
  static final int MAX_LINES = 4096;
  static final int MAX_BYTES = 16 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(LineWriter.class);

  private final int node;
  private final SocketChannel channel;
  private final Runnable onBroken;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(MAX_LINES);
  /** Room left in the queue, in bytes: a writer that waits for room waits here. */
  private final Semaphore room = new Semaphore(MAX_BYTES);
  private final Thread thread;
  /** When the write under way began (0: none). */
  private volatile long writingSinceNanos;
  private volatile boolean closed;

  /** @param onBroken called once when a write fails: the connection is of no more use */
  LineWriter(int node, SocketChannel channel, Runnable onBroken) {
    this.node = node;
    this.channel = channel;
    this.onBroken = onBroken;
    this.thread = new Thread(this::run, "agent-writer-node" + node);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues a line; false when the queue is full (the guest does not read) or the writer closed. */
  boolean offer(byte[] line) {
    if (closed || !room.tryAcquire(line.length)) {
      return false;
    }
    return enqueue(line);
  }

  /**
   * Queues a line, waiting up to {@code waitNanos} for room: output streamed to the guest slows
   * to the pace it reads at, as a blocking write would, but never for ever.
   */
  boolean offer(byte[] line, long waitNanos) throws InterruptedException {
    if (closed || !room.tryAcquire(line.length, waitNanos, TimeUnit.NANOSECONDS)) {
      return false;
    }
    return enqueue(line);
  }

  private boolean enqueue(byte[] line) {
    if (closed || !queue.offer(line)) {
      room.release(line.length);
      return false;
    }
    return true;
  }

  /** Lines waiting to be written. */
  int waiting() {
    return queue.size();
  }

  /** How long the write under way has been blocked at {@code nowNanos}; 0 when none is. */
  long stuckNanos(long nowNanos) {
    long since = writingSinceNanos;
    return since == 0 ? 0 : nowNanos - since;
  }

  private void run() {
    try {
      while (!closed) {
        byte[] line = queue.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          continue;
        }
        ByteBuffer bytes = ByteBuffer.wrap(line);
        writingSinceNanos = System.nanoTime();
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        writingSinceNanos = 0;
        room.release(line.length);
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.info("node {}: agent channel write failed: {}", node, e.getMessage());
        onBroken.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    queue.clear();
    thread.interrupt();
  }
}
