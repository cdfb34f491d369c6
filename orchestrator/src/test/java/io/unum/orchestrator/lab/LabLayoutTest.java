package io.unum.orchestrator.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Where a lab keeps what: the CA apart from everything a host mounts, each bundle in its host's config. */
class LabLayoutTest {
  private final LabLayout layout = new LabLayout(Path.of("/var/lib/unum-lab"));

  @Test
  void theCaLivesApartFromTheSharedFolderAndTheHosts() {
    assertThat(layout.caDir()).isEqualTo(Path.of("/var/lib/unum-lab/ca"));
    assertThat(layout.caDir().startsWith(layout.shared())).isFalse();
    assertThat(layout.caDir().startsWith(layout.dir().resolve("hosts"))).isFalse();
    assertThat(layout.formerSharedCaDir()).isEqualTo(Path.of("/var/lib/unum-lab/shared/pki"));
  }

  @Test
  void aHostsBundleIsInItsConfigDirWhichItSeesAsEtcUnum() {
    assertThat(layout.pkiDir(2)).isEqualTo(Path.of("/var/lib/unum-lab/hosts/unum-host-2/etc/pki"));
    assertThat(layout.pkiDir(2).startsWith(layout.configDir(2))).isTrue();
    assertThat(layout.pkiDir(2).startsWith(layout.configDir(1))).isFalse();
    assertThat(layout.configDir(2).relativize(layout.pkiDir(2))).as("/etc/unum/pki in the host, where host-init looks")
        .isEqualTo(Path.of("pki"));
  }
}
