package io.unum.agent.supervise;

import io.unum.agent.protocol.Messages.Stream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines one service wrote and the link has not carried yet, at most {@link #CAPACITY}: a
 * service that writes faster than the host reads loses lines rather than waits, and the count of
 * lines lost travels with the next line of the same stream (or alone, once nothing else waits).
 */
final class ServiceLogBuffer {
  static final int CAPACITY = 1000;
  /**
   * Characters held at most, whatever the lines: 1000 lines of 4096 characters would be 8 MiB
   * of a small heap for each service that prints long lines.
   */
  static final long MAX_CHARS = 512 * 1024;
  /**
   * Characters in one batch at most (besides its first line). JSON takes up to 6 bytes for a
   * character (a control character is escaped), and 256 lines of 4096 characters would fit
   * neither in one line of the link nor, many of them, in the link's queue.
   */
  static final int MAX_BATCH_CHARS = 32 * 1024;

  private final String name;
  private final int capacity;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long chars;
  /** Lines lost per stream (by ordinal) since the last line of that stream that was kept. */
  private final long[] dropped = new long[Stream.values().length];
  /** Whether the shipper has this buffer in its queue (or is taking from it). */
  private boolean queued;

  /** A line, and the lines of its stream lost just before it. */
  private record Entry(Stream stream, String line, long droppedBefore) {}

  /** What one {@code service-log} carries; {@code more} says whether lines are still waiting. */
  record Batch(String name, Stream stream, List<String> lines, long dropped, boolean more) {}

  ServiceLogBuffer(String name) {
    this(name, CAPACITY);
  }

  ServiceLogBuffer(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  String name() {
    return name;
  }

  /**
   * Keeps a line, or counts it lost when the buffer is full. Returns true when the buffer just
   * got something to ship and was not queued: the caller hands it to the shipper.
   */
  synchronized boolean add(Stream stream, String line) {
    if (entries.size() >= capacity || chars + line.length() > MAX_CHARS) {
      dropped[stream.ordinal()]++;
    } else {
      entries.add(new Entry(stream, line, dropped[stream.ordinal()]));
      chars += line.length();
      dropped[stream.ordinal()] = 0;
    }
    if (queued) {
      return false;
    }
    queued = true;
    return true;
  }

  /**
   * Takes the oldest lines of one stream, at most {@code max} and {@link #MAX_BATCH_CHARS},
   * stopping before a line that has losses of its own so each count stays in place; null when
   * nothing waits. When nothing is left after it, the buffer counts as no longer queued.
   */
  synchronized Batch take(int max) {
    Batch batch = null;
    Entry first = entries.poll();
    if (first != null) {
      List<String> lines = new ArrayList<>();
      lines.add(first.line());
      int batchChars = first.line().length();
      while (lines.size() < max && !entries.isEmpty() && entries.peek().stream() == first.stream()
          && entries.peek().droppedBefore() == 0
          && batchChars + entries.peek().line().length() <= MAX_BATCH_CHARS) {
        batchChars += entries.peek().line().length();
        lines.add(entries.poll().line());
      }
      chars -= batchChars;
      batch = new Batch(name, first.stream(), lines, first.droppedBefore(), false);
    } else {
      for (Stream stream : Stream.values()) {
        if (dropped[stream.ordinal()] > 0) {
          batch = new Batch(name, stream, List.of(), dropped[stream.ordinal()], false);
          dropped[stream.ordinal()] = 0;
          break;
        }
      }
    }
    boolean more = !entries.isEmpty();
    for (long lost : dropped) {
      more |= lost > 0;
    }
    queued = more;
    if (batch != null && more) {
      batch = new Batch(name, batch.stream(), batch.lines(), batch.dropped(), true);
    }
    return batch;
  }
}
