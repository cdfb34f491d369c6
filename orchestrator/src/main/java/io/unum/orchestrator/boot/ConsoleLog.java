package io.unum.orchestrator.boot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the tail of a node's serial console log without reading the whole file. */
public final class ConsoleLog {
  private static final int MAX_TAIL_BYTES = 256 * 1024;

  private ConsoleLog() {}

  /** What {@link #readFrom} read: the text, and where the next read starts. */
  public record Chunk(String text, long next) {}

  /** The log's size now (0 when there is none): where the next boot's lines will begin. */
  public static long size(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The log from byte {@code from} on (at most the last {@value #MAX_TAIL_BYTES} bytes of it);
   * from the start when the log was replaced by a shorter one.
   */
  public static Chunk readFrom(Path log, long from) {
    if (!Files.exists(log)) {
      return new Chunk("", 0);
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      long start = from > length ? 0 : Math.max(from, length - MAX_TAIL_BYTES);
      byte[] bytes = new byte[(int) (length - start)];
      file.seek(start);
      file.readFully(bytes);
      return new Chunk(new String(bytes, StandardCharsets.UTF_8), length);
    } catch (IOException e) {
      return new Chunk("", from);
    }
  }

  /** The last {@code lines} lines (fewer if the log is shorter; empty if there is none). */
  public static List<String> tail(Path log, int lines) {
    if (lines <= 0 || !Files.exists(log)) {
      return List.of();
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      int size = (int) Math.min(length, MAX_TAIL_BYTES);
      byte[] bytes = new byte[size];
      file.seek(length - size);
      file.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).replace("\r", "").split("\n", -1);
      List<String> result = new ArrayList<>();
      int end = all.length;
      if (end > 0 && all[end - 1].isEmpty()) {
        end--; // the file ends with a newline
      }
      for (int i = Math.max(0, end - lines); i < end; i++) {
        result.add(all[i]);
      }
      return result;
    } catch (IOException e) {
      return List.of("(console log unreadable: " + e.getMessage() + ")");
    }
  }
}
