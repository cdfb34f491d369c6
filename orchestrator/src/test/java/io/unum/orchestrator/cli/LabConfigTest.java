package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.lab.LabLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The config 'unum lab up' writes for each host is one 'unum daemon' reads as meant. */
class LabConfigTest {

  @Test
  void aLabHostsConfigIsAValidDaemonConfig(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, LabLayout.config(2, 3, Path.of("/cache/kernel/it's/bzImage"),
        Path.of("/cache/images/base.raw"), false));
    CommandLine commandLine = new CommandLine(new DaemonCommand());
    commandLine.parseArgs("--config", config.toString());
    DaemonCommand effective = commandLine.<DaemonCommand>getCommand().effective();

    assertThat(effective.hostName).isEqualTo("unum-host-2");
    assertThat(effective.cluster).isEqualTo(LabLayout.CLUSTER);
    assertThat(effective.hosts).containsExactly("172.31.213.11:5701", "172.31.213.12:5701", "172.31.213.13:5701");
    assertThat(effective.controlPlaneAddress).isEqualTo("172.31.213.12");
    assertThat(effective.controlPlanePort).isEqualTo(5701);
    assertThat(effective.apiHost).isEqualTo("0.0.0.0");
    assertThat(effective.apiPort).isEqualTo(7070);
    assertThat(effective.sharedDir).isEqualTo(Path.of("/var/lib/unum/shared"));
    assertThat(effective.kernel).as("quoted, so any path survives").isEqualTo(Path.of("/cache/kernel/it's/bzImage"));
    assertThat(effective.baseImage).isEqualTo(Path.of("/cache/images/base.raw"));
    assertThat(effective.pidRange).as("room for 1,000 nodes").isEqualTo(4096);
    assertThat(effective.cidr).isEqualTo("10.213.0.0/21");
    assertThat(effective.fencing).isEqualTo("off");
  }

  @Test
  void aFencingLabsHostsTakeLeases(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("unum.yaml");
    Files.writeString(config, LabLayout.config(1, 3, Path.of("/k"), Path.of("/i"), true));
    CommandLine commandLine = new CommandLine(new DaemonCommand());
    commandLine.parseArgs("--config", config.toString());
    assertThat(commandLine.<DaemonCommand>getCommand().effective().fencing).isEqualTo("lease");
  }
}
