package io.unum.agent.link;

import io.unum.agent.Log;
import io.unum.agent.protocol.LineReader;
import io.unum.agent.protocol.Protocol;
import java.io.IOException;
import java.io.InputStream;

/** The thread that reads the host's lines and hands each to the dispatcher. */
public final class LinkReader {
  /** Pause after a read error, so a broken device cannot spin the CPU. */
  private static final long ERROR_PAUSE_MILLIS = 50;

  private final LineReader lines;
  private final Dispatcher dispatcher;
  private final Thread thread;
  private volatile boolean stopped;

  public LinkReader(InputStream in, Dispatcher dispatcher) {
    this.lines = new LineReader(in, Protocol.MAX_LINE_BYTES);
    this.dispatcher = dispatcher;
    this.thread = new Thread(this::run, "unum-reader");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Stops after the current read; closing the channel ends that read. */
  public void stop() {
    stopped = true;
  }

  public void join() throws InterruptedException {
    thread.join();
  }

  private void run() {
    while (!stopped) {
      try {
        LineReader.Line line = lines.next();
        if (line == null) {
          Log.line("no host connected; waiting");
        } else if (line.oversized()) {
          dispatcher.onOversizedLine(line.length());
        } else if (!line.text().isBlank()) {
          // Blank lines are no-ops: a host may send one to end a partial line before its sync.
          dispatcher.onLine(line.text());
        }
      } catch (IOException e) {
        if (stopped) {
          break;
        }
        Log.line("cannot read from the host: " + e);
        pause();
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        Log.line("problem while handling a line: " + e);
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(ERROR_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      stopped = true;
    }
  }
}
