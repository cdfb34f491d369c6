package io.unum.agent.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into UTF-8 lines of bounded length. A line over the limit is skipped up
 * to its newline and reported as {@link Line#oversized()}, so memory stays bounded whatever the
 * peer sends. Not thread-safe: one reader per stream.
 */
public final class LineReader {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;

  public LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** One line read from the stream. */
  public record Line(String text, boolean oversized, long length) {}

  /** The next line, or null at end of stream (a partial last line is returned first). */
  public Line next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    long length = 0;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer);
        if (n < 0) {
          return length == 0 ? null : finish(line, length);
        }
        position = 0;
        limit = n;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (length + chunk <= maxBytes) {
        line.write(buffer, start, chunk);
      }
      length += chunk;
      if (position < limit) {
        position++; // the newline
        return finish(line, length);
      }
    }
  }

  private Line finish(ByteArrayOutputStream line, long length) {
    if (length > maxBytes) {
      return new Line(null, true, length);
    }
    String text = line.toString(StandardCharsets.UTF_8);
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    return new Line(text, false, length);
  }
}
