package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code unum daemon} runs with: its flags over its config file. */
class DaemonSettingsTest {
  @TempDir
  Path dir;

  private static DaemonCommand parsed(String... args) {
    CommandLine commandLine = new CommandLine(new DaemonCommand());
    commandLine.parseArgs(args);
    return commandLine.getCommand();
  }

  @Test
  void theFileSetsWhatNoFlagGives() throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "kernel: /k\nbase-image: /i\napi-port: 7100\nhosts:\n  - 10.0.0.1:5701\n  - 10.0.0.2:5701\n");
    DaemonCommand effective = parsed("--config", config.toString()).effective();
    assertThat(effective.kernel).isEqualTo(Path.of("/k"));
    assertThat(effective.apiPort).isEqualTo(7100);
    assertThat(effective.hosts).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(effective.cidr).as("a default").isEqualTo("10.213.0.0/24");
    assertThat(effective.failureDeadlineSeconds).as("a default").isEqualTo(10);
  }

  @Test
  void theFailureDeadlineComesFromTheFileOrAFlag() throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "failure-deadline: 15\n");
    assertThat(parsed("--config", config.toString()).effective().failureDeadlineSeconds).isEqualTo(15);
    assertThat(parsed("--config", config.toString(), "--failure-deadline", "5").effective().failureDeadlineSeconds)
        .isEqualTo(5);
  }

  @Test
  void flagsOverrideTheFileListsIncluded() throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "cluster: from-file\napi-port: 7100\nhosts: [10.0.0.1:5701, 10.0.0.2:5701]\n");
    DaemonCommand effective = parsed("--config", config.toString(), "--api-port", "7200",
        "--peer", "10.0.0.3:5701").effective();
    assertThat(effective.apiPort).isEqualTo(7200);
    assertThat(effective.hosts).as("replaced, not appended to").containsExactly("10.0.0.3:5701");
    assertThat(effective.cluster).isEqualTo("from-file");
  }

  @Test
  void diskLeasesLiveOnTheSharedStorageAndOnlyWhenThereIsOne() {
    assertThat(parsed("--state-dir", "/var/lib/unum").diskLockspace()).as("one host alone").isEmpty();
    assertThat(parsed("--state-dir", "/var/lib/unum", "--shared-dir", "/var/lib/unum").diskLockspace())
        .as("the state dir named as the shared one").isEmpty();
    assertThat(parsed("--shared-dir", "/mnt/unum").diskLockspace()).contains(Path.of("/mnt/unum/lockspace"));
  }

  @Test
  void withoutAFileTheFlagsAreTheSettings() {
    DaemonCommand command = parsed("--api-port", "7200");
    command.defaultConfig = dir.resolve("absent.yaml");
    assertThat(command.effective()).isSameAs(command);
  }

  @Test
  void theDefaultFileIsReadWithoutConfigAndFlagsStillWin() throws Exception {
    DaemonCommand command = parsed("--api-port", "7200");
    command.defaultConfig = Files.writeString(dir.resolve("unum.yaml"), "api-port: 7100\ncluster: rack\n");
    DaemonCommand effective = command.effective();
    assertThat(effective.apiPort).isEqualTo(7200);
    assertThat(effective.cluster).isEqualTo("rack");
  }

  @Test
  void aNamedFileIsReadInsteadOfTheDefault() throws Exception {
    Path named = Files.writeString(dir.resolve("named.yaml"), "cluster: named\n");
    DaemonCommand command = parsed("--config", named.toString());
    command.defaultConfig = Files.writeString(dir.resolve("unum.yaml"), "cluster: default\n");
    assertThat(command.effective().cluster).isEqualTo("named");
  }

  @Test
  void theWatchdogDeviceIsAutoNoneOrAnExistingAbsolutePathAndNamedWhenNot() throws Exception {
    assertThat(parsed().watchdogDevice).isEqualTo("auto");
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, "watchdog-device: none\n");
    assertThat(parsed("--config", config.toString()).effective().watchdogDevice).isEqualTo("none");
    Path device = Files.createFile(dir.resolve("watchdog1"));
    parsed("--watchdog-device", device.toString()).validate();
    Path missing = dir.resolve("watchdog9");
    assertThatThrownBy(() -> parsed("--watchdog-device", missing.toString()).validate())
        .hasMessageContaining("--watchdog-device")
        .hasMessageContaining("there is no " + missing + " on this host (load a watchdog driver");
    assertThatThrownBy(() -> parsed("--watchdog-device", "watchdog").validate())
        .hasMessageContaining("--watchdog-device")
        .hasMessageContaining("must be auto, none or an absolute path such as /dev/watchdog, got 'watchdog'");
  }
}
