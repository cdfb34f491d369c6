package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A named config file must exist; the default one may be absent. */
class ConfigLocationTest {
  @TempDir
  Path dir;

  @Test
  void theDefaultFileIsReadWhenItExists() throws Exception {
    Path defaultFile = Files.writeString(dir.resolve("unum.yaml"), "cluster: c\n");
    assertThat(ConfigLocation.of(null, defaultFile)).contains(defaultFile);
  }

  @Test
  void anAbsentDefaultFileIsFine() {
    assertThat(ConfigLocation.of(null, dir.resolve("unum.yaml"))).isEmpty();
  }

  @Test
  void aGivenFileWinsOverTheDefault() throws Exception {
    Path defaultFile = Files.writeString(dir.resolve("unum.yaml"), "cluster: c\n");
    Path given = Files.writeString(dir.resolve("other.yaml"), "cluster: d\n");
    assertThat(ConfigLocation.of(given, defaultFile)).contains(given);
  }

  @Test
  void aGivenFileThatDoesNotExistIsAnError() {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ConfigLocation.of(missing, dir.resolve("unum.yaml")))
        .isInstanceOf(CliFailure.class).hasMessage("config file " + missing + " does not exist");
  }

  @Test
  void theDaemonsDefaultIsTheHostsFile() {
    assertThat(ConfigLocation.DEFAULT).isEqualTo(Path.of("/etc/unum/unum.yaml"));
  }
}
