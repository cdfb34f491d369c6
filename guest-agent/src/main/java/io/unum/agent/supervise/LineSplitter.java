package io.unum.agent.supervise;

import io.unum.agent.protocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a stream of bytes into lines of text: UTF-8 with invalid bytes replaced, a trailing CR
 * dropped, each line at most {@link Protocol#MAX_SERVICE_LINE_CHARS} characters. A line without
 * an end holds at most a bounded number of bytes; the rest of it is skipped up to its newline.
 */
final class LineSplitter {
  /** Enough bytes for the longest line whatever its encoding: a character takes at most 4. */
  private static final int MAX_LINE_BYTES = Protocol.MAX_SERVICE_LINE_CHARS * 4;

  private final Consumer<String> lines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineSplitter(Consumer<String> lines) {
    this.lines = lines;
  }

  void feed(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        keep(bytes, start, i - start);
        emit();
        start = i + 1;
      }
    }
    keep(bytes, start, end - start);
  }

  /** The stream ended: a last line without a newline still counts. */
  void finish() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void keep(byte[] bytes, int offset, int length) {
    int room = MAX_LINE_BYTES - line.size();
    line.write(bytes, offset, Math.max(0, Math.min(room, length)));
  }

  private void emit() {
    // new String replaces malformed input with U+FFFD, which is what the protocol asks for.
    String text = new String(line.toByteArray(), StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    lines.accept(cut(text));
  }

  static String cut(String text) {
    int max = Protocol.MAX_SERVICE_LINE_CHARS;
    if (text.length() <= max) {
      return text;
    }
    // Do not split a surrogate pair: half of one is not text.
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
