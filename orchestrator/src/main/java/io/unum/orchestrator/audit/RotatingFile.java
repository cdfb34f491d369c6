package io.unum.orchestrator.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A file of lines that is only ever appended to (opened with APPEND, created mode 0600), and
 * rotated when it would pass its size: {@code FILE} becomes {@code FILE.1}, {@code FILE.1}
 * becomes {@code FILE.2}, and so on, the oldest beyond {@code kept} deleted.
 */
final class RotatingFile implements AutoCloseable {
  /** How much of a file's end is read for its last lines: far more than one line. */
  private static final int TAIL_BYTES = 64 * 1024;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final long maxBytes;
  private final int kept;
  private FileChannel channel;
  private long size;

  /**
   * @param maxBytes size at which the file is rotated (a line never is split)
   * @param kept     rotated files kept ({@code FILE.1} .. {@code FILE.kept})
   */
  RotatingFile(Path file, long maxBytes, int kept) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.kept = kept;
  }

  Path path() {
    return file;
  }

  /** The rotated file {@code n} ({@code FILE.n}). */
  Path rotated(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  /**
   * The complete lines at the end of the file, oldest first, or of {@code FILE.1} when the file
   * has none (it was just rotated). A last line without its newline (a write cut short) is left out.
   */
  List<String> lastLines() throws IOException {
    List<String> lines = tail(file);
    return lines.isEmpty() ? tail(rotated(1)) : lines;
  }

  private static List<String> tail(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return List.of();
    }
    try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
      long length = in.size();
      int count = (int) Math.min(length, TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate(count);
      long position = length - count;
      while (buffer.hasRemaining() && in.read(buffer, position + buffer.position()) >= 0) {
        // until the buffer is full
      }
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      if (end < 0) {
        return List.of();
      }
      List<String> lines = new ArrayList<>(List.of(text.substring(0, end).split("\n", -1)));
      if (position > 0) {
        lines.remove(0); // maybe the end of a line that began before what was read
      }
      lines.removeIf(String::isBlank);
      return lines;
    }
  }

  /** Appends {@code line} and a newline, rotating first when the file would pass its size. */
  void append(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    if (channel != null && size > 0 && size + bytes.length > maxBytes) {
      rotate();
    }
    if (channel == null) {
      open();
    }
    write(bytes);
  }

  /** Makes what was appended durable. */
  void force() throws IOException {
    if (channel != null) {
      channel.force(false);
    }
  }

  private void open() throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    size = channel.size();
    if (size > 0 && !endsWithNewline()) {
      write(new byte[] {'\n'}); // a line cut short (a crash, a full disk) stays alone on its line
    }
  }

  private boolean endsWithNewline() throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      in.read(last, size - 1);
    }
    return last.get(0) == '\n';
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += bytes.length;
  }

  private void rotate() throws IOException {
    close();
    Files.deleteIfExists(rotated(kept));
    for (int n = kept - 1; n >= 1; n--) {
      if (Files.exists(rotated(n))) {
        Files.move(rotated(n), rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      FileChannel open = channel;
      channel = null;
      open.close();
    }
  }
}
