package io.unum.agent.supervise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes small files whole: a reader (or the next agent) never sees half of one. */
final class AtomicFiles {
  /** Temporary files start with this; a directory scan skips (and may delete) them. */
  static final String TEMP_PREFIX = ".tmp-";

  private AtomicFiles() {}

  /** Writes {@code text} to a temporary file beside {@code file}, then renames it over. */
  static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(TEMP_PREFIX + file.getFileName());
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }
}
