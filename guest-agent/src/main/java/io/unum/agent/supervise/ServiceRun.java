package io.unum.agent.supervise;

import io.unum.agent.Log;
import io.unum.agent.protocol.Messages.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of a service's program: its process, a thread per pipe that drains it line by line
 * into the service's log (never waiting for the link, so the program never blocks on a full
 * pipe), and its last lines, which the host sees when the run ends.
 */
final class ServiceRun {
  static final int TAIL_LINES = 20;
  private static final int READ_BYTES = 8192;

  private final String name;
  private final Process process;
  private final long startNanos = System.nanoTime();
  private final ServiceLogBuffer log;
  private final LogShipper shipper;
  private final ArrayDeque<String> tail = new ArrayDeque<>(); // guarded by itself
  private final Thread[] pumps = new Thread[2];

  ServiceRun(String name, Process process, ServiceLogBuffer log, LogShipper shipper) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shipper = shipper;
  }

  void startPumps() {
    pumps[0] = pump(process.getInputStream(), Stream.STDOUT);
    pumps[1] = pump(process.getErrorStream(), Stream.STDERR);
  }

  Process process() {
    return process;
  }

  /** The program's pid, which is also its process group's id: it leads its own session. */
  long pid() {
    return process.pid();
  }

  long ranMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Its last lines, both streams as they came, at most {@link #TAIL_LINES}. */
  List<String> tail() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  /**
   * Waits (a while) for both pipes to be read to their end, so the tail holds the last lines. A
   * process that left the group with the pipes open holds them up; their threads go on draining.
   */
  void awaitPumps(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Thread pump : pumps) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (pump != null && left > 0) {
        pump.join(left);
      }
    }
  }

  private Thread pump(InputStream in, Stream stream) {
    LineSplitter lines = new LineSplitter(line -> line(stream, line));
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[READ_BYTES];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          lines.feed(buffer, 0, n);
        }
      } catch (IOException e) {
        Log.line("service " + name + ": reading " + stream.wireName() + " failed: " + e.getMessage());
      }
      lines.finish();
    }, "unum-service-" + name + "-" + stream.wireName());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void line(Stream stream, String line) {
    synchronized (tail) {
      if (tail.size() == TAIL_LINES) {
        tail.poll();
      }
      tail.add(line);
    }
    shipper.add(log, stream, line);
  }
}
