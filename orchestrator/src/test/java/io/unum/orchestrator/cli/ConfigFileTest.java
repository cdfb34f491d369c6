package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The YAML config file becomes daemon arguments; every problem names the file, line and key. */
class ConfigFileTest {
  private static final Map<String, ValueKind> KEYS =
      DaemonCommand.configKeys(new CommandLine(new DaemonCommand()).getCommandSpec());

  @TempDir
  Path dir;

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("unum.yaml");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static List<String> args(Path file) {
    return ConfigFile.read(file, KEYS).stream().flatMap(entry -> entry.args().stream()).toList();
  }

  private static String failure(Path file) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.read(file, KEYS));
    assertThat(thrown).isInstanceOf(CliFailure.class);
    return thrown.getMessage();
  }

  @Test
  void theKeysAreTheDaemonsOptionsLessConfigAndDetach() {
    assertThat(KEYS).containsEntry("api-port", ValueKind.NUMBER).containsEntry("hosts", ValueKind.LIST)
        .containsEntry("kernel", ValueKind.TEXT).doesNotContainKeys("config", "detach", "peer", "help");
  }

  @Test
  void aGoodFileBecomesArgumentsInFileOrder() throws IOException {
    Path file = write(
        "# a comment",
        "cluster: rack-1",
        "host-name: no            # the name 'no', not YAML 1.1's false",
        "hosts:",
        "  - 10.0.0.1:5701",
        "  - '10.0.0.2:5701'",
        "api-port: 7071",
        "kernel: \"/var/cache/unum/kernel/x/bzImage\"");
    assertThat(args(file)).containsExactly("--cluster=rack-1", "--host-name=no",
        "--hosts=10.0.0.1:5701", "--hosts=10.0.0.2:5701", "--api-port=7071",
        "--kernel=/var/cache/unum/kernel/x/bzImage");
    assertThat(ConfigFile.read(file, KEYS)).extracting(ConfigEntry::line).containsExactly(2, 3, 4, 7, 8);
  }

  @Test
  void hostsMayAlsoBeACommaSeparatedString() throws IOException {
    assertThat(args(write("hosts: 10.0.0.1:5701, 10.0.0.2:5701")))
        .containsExactly("--hosts=10.0.0.1:5701, 10.0.0.2:5701");
  }

  @Test
  void anEmptyFileOrOneOfCommentsSetsNothing() throws IOException {
    assertThat(args(write(""))).isEmpty();
    assertThat(args(write("# nothing set here yet"))).isEmpty();
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndTheClosestKnownKey() throws IOException {
    Path file = write("cluster: c", "", "cidrr: 10.0.0.0/24");
    assertThat(failure(file)).startsWith(file + ":3: unknown key 'cidrr' (did you mean 'cidr'? known: ")
        .contains("api-port, audit-log, base-image, boot-timeout").contains("state-dir");
  }

  @Test
  void anUnknownKeyFarFromAnyKnownOneGetsNoGuess() throws IOException {
    Path file = write("frobnication-level: 11");
    assertThat(failure(file)).startsWith(file + ":1: unknown key 'frobnication-level' (known: accel, ");
  }

  @Test
  void aKeyGivenTwiceIsRefusedWithBothLines() throws IOException {
    Path file = write("cidr: 10.0.0.0/24", "cluster: c", "cidr: 10.1.0.0/24");
    assertThat(failure(file)).isEqualTo(file + ":3: key 'cidr': given twice (first on line 1)");
  }

  @Test
  void aTopLevelThatIsNotAMappingIsRefused() throws IOException {
    Path file = write("# the old format's line, or a list", "- cluster: c");
    assertThat(failure(file)).isEqualTo(file + ":2: the file must be a mapping of 'unum daemon' option"
        + " names to values (key: value), got a list");
    Path properties = write("cluster = c");
    assertThat(failure(properties)).startsWith(properties + ":1: the file must be a mapping")
        .endsWith("got 'cluster = c'");
  }

  @Test
  void aListWhereOneValueIsExpectedIsRefused() throws IOException {
    Path file = write("cluster: c", "api-host:", "  - 0.0.0.0", "  - ::");
    assertThat(failure(file)).isEqualTo(file + ":3: key 'api-host': must be a single value, got a list");
  }

  @Test
  void aMappingWhereAValueIsExpectedIsRefused() throws IOException {
    Path file = write("hosts:", "  first: 10.0.0.1:5701");
    assertThat(failure(file)).isEqualTo(file + ":2: key 'hosts': must be a list or a comma-separated"
        + " string, got a mapping");
    Path nested = write("hosts:", "  - [10.0.0.1:5701]");
    assertThat(failure(nested)).isEqualTo(nested + ":2: key 'hosts': each item must be a single value,"
        + " got a list");
  }

  @Test
  void aNumberKeyWithTextIsRefusedWithTheValue() throws IOException {
    Path file = write("cluster: c", "api-host: 0.0.0.0", "api-port: abc");
    assertThat(failure(file)).isEqualTo(file + ":3: key 'api-port': must be a whole number, got 'abc'");
  }

  @Test
  void aKeyWithoutAValueIsRefused() throws IOException {
    Path file = write("cluster: c", "kernel:", "base-image: /i");
    assertThat(failure(file)).isEqualTo(file + ":2: key 'kernel': has no value");
    Path empty = write("cluster: ''");
    assertThat(failure(empty)).isEqualTo(empty + ":1: key 'cluster': has no value");
  }

  @Test
  void malformedYamlIsRefusedAtTheLineSnakeYamlFoundIt() throws IOException {
    Path file = write("cluster: c", "hosts: [10.0.0.1:5701", "api-port: 7070");
    assertThat(failure(file)).startsWith(file + ":3: not valid YAML: ");
    Path tabs = write("cluster: c", "\tapi-port: 7070");
    assertThat(failure(tabs)).startsWith(tabs + ":2: not valid YAML: ");
  }

  @Test
  void twoDocumentsAreRefused() throws IOException {
    Path file = write("cluster: c", "---", "cluster: d");
    assertThat(failure(file)).startsWith(file + ":2: not valid YAML: expected a single document");
  }

  @Test
  void aFileThatDoesNotExistIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThat(failure(missing)).isEqualTo("config file " + missing + " does not exist");
  }
}
