package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostInfoTest {

  @Test
  void anApiOnEveryAddressIsReachedByOtherHostsOnTheMesh() {
    assertThat(info("10.0.0.5:7070", "100.127.0.5").peerApiAddress()).isEqualTo("100.127.0.5:7070");
  }

  @Test
  void anApiOnOneAddressOrAHostWithoutMeshIsReachedWhereItListens() {
    assertThat(info("192.168.1.5:7070", "100.127.0.5").peerApiAddress()).isEqualTo("192.168.1.5:7070");
    assertThat(info("10.0.0.5:7070", null).peerApiAddress()).isEqualTo("10.0.0.5:7070");
  }

  private static HostInfo info(String api, String mesh) {
    return new HostInfo("h", 2, 4096, "tcg", "", "qemu:///system", "10.0.0.5", api, "k", "i", 0, true, mesh);
  }
}
