package io.unum.agent.supervise;

import io.unum.agent.Log;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.ServiceLog;
import io.unum.agent.protocol.Protocol;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * The one thread that sends what services write as {@code service-log} lines. Sending waits
 * for room on the link, which holds back this thread only: services keep writing into their
 * bounded buffers meanwhile. Buffers take turns, so one chatty service does not starve another.
 */
final class LogShipper {
  private final Consumer<Message> send;
  private final BlockingQueue<ServiceLogBuffer> ready = new LinkedBlockingQueue<>();
  private final Thread thread;

  LogShipper(Consumer<Message> send) {
    this.send = send;
    this.thread = new Thread(this::run, "unum-service-log");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    thread.interrupt();
  }

  /** Keeps {@code line} for shipping (or counts it lost when its service's buffer is full). */
  void add(ServiceLogBuffer buffer, Messages.Stream stream, String line) {
    if (buffer.add(stream, line)) {
      ready.add(buffer);
    }
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      ServiceLogBuffer buffer;
      try {
        buffer = ready.take();
      } catch (InterruptedException e) {
        return;
      }
      ServiceLogBuffer.Batch batch = buffer.take(Protocol.MAX_SERVICE_LOG_LINES);
      if (batch != null) {
        try {
          send.accept(new ServiceLog(null, batch.name(), batch.stream(), batch.lines(), batch.dropped()));
        } catch (RuntimeException e) {
          Log.line("cannot send the log of service " + batch.name() + ": " + e);
        }
        if (batch.more()) {
          ready.add(buffer); // to the back: the other services' lines go first
        }
      }
    }
  }
}
