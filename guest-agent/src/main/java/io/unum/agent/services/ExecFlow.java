package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.agent.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running exec: a pump thread per output stream, the credit they share, and the single
 * {@code exit} sent once both streams ended and the process is gone. A pump waits for credit
 * before it sends, so while the host does not ack, the program blocks on its full pipe and the
 * agent holds no more than one chunk per stream.
 */
final class ExecFlow {
  private final long id;
  private final Process process;
  private final long window;
  private final Replies replies;
  private final AtomicInteger openStreams = new AtomicInteger(2);
  private long credit; // guarded by this
  private boolean orphaned; // guarded by this

  ExecFlow(long id, Process process, long window, Replies replies) {
    this.id = id;
    this.process = process;
    this.window = window;
    this.credit = window;
    this.replies = replies;
  }

  /** Starts the pumps; {@code onExit} runs just before the exit line is sent. */
  void start(Runnable onExit) {
    pump(process.getInputStream(), Stream.STDOUT, onExit);
    pump(process.getErrorStream(), Stream.STDERR, onExit);
  }

  synchronized void credit(long bytes) {
    credit = Math.min(window, credit + bytes);
    notifyAll();
  }

  synchronized void orphan() {
    orphaned = true;
    notifyAll();
  }

  private synchronized boolean orphaned() {
    return orphaned;
  }

  private void pump(InputStream in, Stream stream, Runnable onExit) {
    Thread pump = new Thread(() -> {
      try {
        copy(in, stream);
      } finally {
        if (openStreams.decrementAndGet() == 0) {
          finish(onExit);
        }
      }
    }, "unum-exec-" + id + "-" + stream.name().toLowerCase());
    pump.setDaemon(true);
    pump.start();
  }

  private void copy(InputStream in, Stream stream) {
    byte[] buffer = new byte[(int) Math.min(Protocol.MAX_OUTPUT_CHUNK_BYTES, window)];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        int sent = 0;
        while (sent < n) {
          int granted = acquire(n - sent);
          if (granted == 0) {
            break; // orphaned: keep draining the pipe so the program never blocks on it
          }
          replies.send(new Messages.Output(id, stream, Arrays.copyOfRange(buffer, sent, sent + granted)));
          sent += granted;
        }
      }
    } catch (IOException e) {
      Log.line("exec " + id + ": reading " + stream.name().toLowerCase() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for credit and takes up to {@code wanted} of it; 0 once the exec is orphaned. */
  private synchronized int acquire(int wanted) throws InterruptedException {
    while (!orphaned && credit == 0) {
      wait();
    }
    if (orphaned) {
      return 0;
    }
    int granted = (int) Math.min(wanted, credit);
    credit -= granted;
    return granted;
  }

  private void finish(Runnable onExit) {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    onExit.run();
    if (!orphaned()) {
      // Java reports a death by signal N as 128+N; it cannot tell that from exit(128+N).
      replies.send(new Messages.Exit(id, code, null));
    }
  }
}
