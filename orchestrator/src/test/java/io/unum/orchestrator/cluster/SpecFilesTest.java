package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {
  @TempDir
  Path dir;

  @Test
  void specsAndTombstonesSurviveANewStoreOnTheSameDirectory() {
    SpecFiles files = new SpecFiles(dir);
    NodeSpec pinned = new NodeSpec(3, 2, 1024, "quiet", false).pinnedTo("host-b").boundTo("host-b")
        .withLabels(Map.of("role", "web", "tier", "front"));
    files.write(SpecRecord.first(NodeSpec.withDefaults(1)));
    files.write(SpecRecord.first(pinned));
    files.write(SpecRecord.first(NodeSpec.withDefaults(1)).then(null));
    assertThat(new SpecFiles(dir).readAll()).containsExactly(
        new SpecRecord(1, null, 2), new SpecRecord(3, pinned, 1));
  }

  @Test
  void aSpecWrittenBeforeLabelsExistedReadsWithNone() throws Exception {
    Files.writeString(dir.resolve("node-4.json"), "{\"node\":4,\"spec\":{\"node\":4,\"cpus\":1,"
        + "\"memoryMiB\":512,\"kernelArgs\":\"\",\"running\":true,\"pinnedHost\":\"\",\"host\":\"h\"},"
        + "\"revision\":3}");
    assertThat(new SpecFiles(dir).readAll()).singleElement()
        .satisfies(record -> assertThat(record.spec().labels()).isEmpty());
  }

  @Test
  void aCorruptFileIsSkippedNotFatal() throws Exception {
    Files.writeString(dir.resolve("node-5.json"), "{not json");
    Files.writeString(dir.resolve("stray.txt"), "hello");
    SpecFiles files = new SpecFiles(dir);
    files.write(SpecRecord.first(NodeSpec.withDefaults(2)));
    assertThat(files.readAll()).extracting(SpecRecord::node).containsExactly(2);
  }

  @Test
  void writesLeaveNoTemporaryFiles() throws Exception {
    SpecFiles files = new SpecFiles(dir);
    SpecRecord first = SpecRecord.first(NodeSpec.withDefaults(2));
    files.write(first);
    files.write(first.then(NodeSpec.withDefaults(2).withRunning(false)));
    try (var names = Files.list(dir)) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("node-2.json");
    }
  }
}
