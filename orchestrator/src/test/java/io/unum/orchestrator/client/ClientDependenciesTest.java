package io.unum.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The client is what every caller shares, so it leans on nothing of theirs: the JDK and Jackson only. */
class ClientDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/unum/orchestrator/client");

  @Test
  void theClientImportsOnlyTheJdkAndJackson() throws IOException {
    List<String> imports;
    try (Stream<Path> files = Files.list(SOURCES)) {
      imports = files.filter(f -> f.toString().endsWith(".java")).flatMap(ClientDependenciesTest::lines)
          .filter(line -> line.startsWith("import ")).distinct().toList();
    }
    assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line)
        .matches("import (static )?(java\\.|com\\.fasterxml\\.jackson\\.).*"));
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
