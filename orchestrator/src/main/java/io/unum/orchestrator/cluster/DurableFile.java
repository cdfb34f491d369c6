package io.unum.orchestrator.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;

/**
 * Replaces a file so that a crash or a power cut leaves either its old content or its new one,
 * never a part, and so that once this returns the new content is on disk: written to a temporary
 * file beside it, fsynced, renamed over it, and the directory fsynced (the rename is an entry of
 * the directory, and without that it may be lost with the cut).
 */
public final class DurableFile {
  private DurableFile() {}

  /**
   * Puts {@code content} in {@code file}, creating its directory if need be.
   *
   * @param attributes of the new file (e.g. its permissions); without any, owner-only (0600)
   */
  public static void replace(Path file, byte[] content, FileAttribute<?>... attributes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
        directory.force(true);
      }
    } finally {
      Files.deleteIfExists(temp); // only when something failed before the rename
    }
  }
}
