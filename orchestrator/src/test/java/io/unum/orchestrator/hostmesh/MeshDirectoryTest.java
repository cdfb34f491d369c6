package io.unum.orchestrator.hostmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshDirectoryTest {
  private static final MeshCard CARD = new MeshCard("host-a", "100.127.0.11", "10.8.0.11:51820", "key", "pem", "sig");

  @TempDir
  Path dir;

  @Test
  void aPublishedCardIsReadBackAndReadableByEveryone() throws Exception {
    MeshDirectory cards = new MeshDirectory(dir.resolve("mesh"));
    cards.publish(CARD);
    assertThat(cards.read()).containsEntry("host-a.json", CARD).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("mesh/host-a.json"))))
        .isEqualTo("rw-r--r--");
    try (var files = Files.list(dir.resolve("mesh"))) {
      assertThat(files).as("no temporary file left").hasSize(1);
    }
  }

  @Test
  void whatIsNoCardIsReadAsNullAndOtherFilesAreNotRead() throws Exception {
    Path mesh = Files.createDirectories(dir.resolve("mesh"));
    Files.writeString(mesh.resolve("junk.json"), "not json");
    Files.write(mesh.resolve("big.json"), new byte[(int) MeshDirectory.MAX_CARD_BYTES + 1]);
    Files.writeString(mesh.resolve("notes.txt"), "{}");
    Files.writeString(mesh.resolve(".hidden.json"), "{}");
    MeshDirectory cards = new MeshDirectory(mesh);
    assertThat(cards.read()).containsOnlyKeys("junk.json", "big.json");
    assertThat(cards.read().values()).containsOnlyNulls();
  }

  @Test
  void aHostNameThatCannotNameAFileIsRefused() {
    MeshCard bad = new MeshCard("../etc", "100.127.0.11", "10.8.0.11:51820", "key", "pem", "sig");
    assertThatThrownBy(() -> new MeshDirectory(dir).publish(bad)).hasMessageContaining("'../etc'");
  }

  @Test
  void noFolderYetMeansNoCards() {
    assertThat(new MeshDirectory(dir.resolve("absent")).read()).isEmpty();
  }
}
