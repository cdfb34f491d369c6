package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file replaced whole, in a directory that gets no leftovers, with the permissions asked for. */
class DurableFileTest {
  @TempDir
  Path dir;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private long entries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  @Test
  void aFileIsWrittenThenReplacedWholeAndNothingElseStays() throws Exception {
    Path file = dir.resolve("node-3.json");

    DurableFile.replace(file, text("{\"revision\": 1}"));
    DurableFile.replace(file, text("{\"revision\": 2}"));

    assertThat(Files.readString(file)).isEqualTo("{\"revision\": 2}");
    assertThat(entries()).as("no temporary file left beside it").isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void itsDirectoryIsMadeAndAskedPermissionsAreKept() throws Exception {
    Path file = dir.resolve("state/cluster/id");

    DurableFile.replace(file, text("abc\n"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));

    assertThat(Files.readString(file)).isEqualTo("abc\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
  }

  @Test
  void aReplaceThatCannotBeDoneLeavesTheOldContentAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("spec");
    DurableFile.replace(file, text("old"));
    // A directory where the file should be renamed to: the rename fails after the write.
    Path blocked = dir.resolve("blocked");
    Files.createDirectories(blocked.resolve("not-empty"));

    assertThatThrownBy(() -> DurableFile.replace(blocked, text("new"))).isInstanceOf(IOException.class);

    assertThat(Files.readString(file)).isEqualTo("old");
    assertThat(entries()).as("the old file and the blocking directory only").isEqualTo(2);
  }
}
