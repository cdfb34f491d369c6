package io.unum.orchestrator.hostmesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshAddressesTest {

  @Test
  void theLastTwoBytesOfTheUnderlayPickTheMeshAddress() {
    assertThat(MeshAddresses.of("172.31.213.11")).isEqualTo("100.127.213.11");
    assertThat(MeshAddresses.of("10.0.1.2")).isEqualTo("100.127.1.2");
  }

  @Test
  void membersKeepTheirPortsAndMoveOntoTheMesh() {
    assertThat(MeshAddresses.members(List.of("172.31.213.11:5701", "172.31.213.12:5702")))
        .containsExactly("100.127.213.11:5701", "100.127.213.12:5702");
  }

  @Test
  void addressesThatAreNoHostOnTheMeshAreRefusedByName() {
    assertThatThrownBy(() -> MeshAddresses.of("10.1.0.0")).hasMessageContaining("10.1.0.0")
        .hasMessageContaining("no host address on the mesh");
    assertThatThrownBy(() -> MeshAddresses.of("::1")).hasMessageContaining("no IPv4 address");
    assertThatThrownBy(() -> MeshAddresses.of("no-such-host.invalid")).hasMessageContaining("does not resolve");
  }
}
