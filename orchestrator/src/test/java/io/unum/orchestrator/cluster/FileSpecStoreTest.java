package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpecStoreTest {
  @TempDir
  Path dir;

  @Test
  void specsSurviveANewStoreOnTheSameDirectory() {
    FileSpecStore store = new FileSpecStore(dir);
    store.store(1, NodeSpec.withDefaults(1));
    store.store(3, new NodeSpec(3, 2, 1024, "quiet", false));
    FileSpecStore reopened = new FileSpecStore(dir);
    assertThat(reopened.loadAllKeys()).containsExactly(1, 3);
    assertThat(reopened.load(3)).isEqualTo(new NodeSpec(3, 2, 1024, "quiet", false));
    reopened.delete(1);
    assertThat(new FileSpecStore(dir).loadAllKeys()).containsExactly(3);
  }

  @Test
  void aCorruptFileIsSkippedNotFatal() throws Exception {
    Files.writeString(dir.resolve("node-5.json"), "{not json");
    Files.writeString(dir.resolve("node-x.json"), "{}");
    FileSpecStore store = new FileSpecStore(dir);
    assertThat(store.loadAllKeys()).containsExactly(5);
    assertThat(store.loadAll(List.of(5))).isEmpty();
  }

  @Test
  void writesLeaveNoTemporaryFiles() throws Exception {
    FileSpecStore store = new FileSpecStore(dir);
    store.store(2, NodeSpec.withDefaults(2));
    store.store(2, NodeSpec.withDefaults(2).withRunning(false));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("node-2.json");
    }
  }
}
