package io.unum.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtioPortsTest {
  @TempDir
  Path sys;

  @Test
  void findsThePortByItsNameNotByItsNumber() throws Exception {
    port("vport0p0", "org.qemu.guest_agent.0\n");
    port("vport1p1", "io.unum.agent.0\n");
    Files.createDirectories(sys.resolve("vport1p2")); // no name file: not ours
    VirtioPorts ports = new VirtioPorts(sys, Path.of("/dev"));
    assertThat(ports.find("io.unum.agent.0")).contains(Path.of("/dev/vport1p1"));
    assertThat(ports.find("io.unum.other")).isEmpty();
  }

  @Test
  void noSysfsDirectoryMeansNoPortYet() throws Exception {
    assertThat(new VirtioPorts(sys.resolve("absent"), Path.of("/dev")).find("x")).isEmpty();
  }

  private void port(String dir, String name) throws Exception {
    Files.createDirectories(sys.resolve(dir));
    Files.writeString(sys.resolve(dir).resolve("name"), name);
  }
}
