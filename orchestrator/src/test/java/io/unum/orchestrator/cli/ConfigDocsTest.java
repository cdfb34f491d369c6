package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.ReadmeExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The README's configuration section documents every config key, as the daemon defines it. */
class ConfigDocsTest {
  /** A table row: | `key` | type | default | meaning |. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z0-9-]+)` \\| ([^|]+) \\| ([^|]+) \\| (.+) \\|$");
  private static final CommandSpec DAEMON =
      UnumCli.withEveryVerb().getSubcommands().get("daemon").getCommandSpec();

  private record Row(String type, String defaultValue, String meaning) {}

  @Test
  void everyKeyIsInTheTableAndNothingElse() throws IOException {
    assertThat(rows().keySet()).as("keys of the README's configuration table")
        .containsExactlyInAnyOrderElementsOf(DaemonCommand.configKeys(DAEMON).keySet());
  }

  @Test
  void everyKeysTypeAndDefaultAreTheOptionsOwn() throws IOException {
    Map<String, Row> rows = rows();
    for (String key : DaemonCommand.configKeys(DAEMON).keySet()) {
      OptionSpec option = DAEMON.findOption("--" + key);
      Row row = rows.get(key);
      assertThat(row).as("README row of %s", key).isNotNull();
      assertThat(row.type()).as("type of %s", key).isEqualTo(typeName(option));
      if (option.defaultValue() != null) {
        assertThat(row.defaultValue()).as("default of %s", key).isEqualTo("`" + option.defaultValue() + "`");
      } else {
        assertThat(row.defaultValue()).as("default of %s (it has none of its own)", key).doesNotStartWith("`");
      }
      assertThat(row.meaning()).as("meaning of %s", key).isNotBlank();
    }
  }

  @Test
  void theExampleFileIsAValidConfig(@TempDir Path dir) throws IOException {
    Path example = dir.resolve("unum.yaml");
    Files.writeString(example, yamlBlock(section()));
    assertThat(ConfigFile.read(example, DaemonCommand.configKeys(DAEMON))).extracting(ConfigEntry::key)
        .contains("hosts", "kernel", "base-image");
  }

  private static String typeName(OptionSpec option) {
    if (option.isMultiValue()) {
      return "list";
    }
    Class<?> type = option.type();
    if (type == int.class || type == Integer.class) {
      return "integer";
    }
    return type == Path.class ? "path" : "string";
  }

  private static Map<String, Row> rows() throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : section()) {
      Matcher row = ROW.matcher(line.strip());
      if (row.matches()) {
        Row previous = rows.put(row.group(1), new Row(row.group(2).strip(), row.group(3).strip(), row.group(4)));
        assertThat(previous).as("%s has one row", row.group(1)).isNull();
      }
    }
    return rows;
  }

  /** The lines of the README's "## Configuration" section. */
  private static List<String> section() throws IOException {
    List<String> lines = Files.readAllLines(ReadmeExamples.readme());
    int start = lines.indexOf("## Configuration");
    assertThat(start).as("README has a '## Configuration' section").isNotNegative();
    List<String> section = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      section.add(line);
    }
    return section;
  }

  private static String yamlBlock(List<String> section) {
    int start = section.indexOf("```yaml");
    assertThat(start).as("the section has a ```yaml example").isNotNegative();
    int end = start + 1 + section.subList(start + 1, section.size()).indexOf("```");
    return String.join("\n", section.subList(start + 1, end)) + "\n";
  }
}
