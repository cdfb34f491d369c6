package io.unum.orchestrator.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeshPlanTest {

  @Test
  void vniIsTheSameOnEveryHostAndEveryVersion() {
    // Pinned (Python agrees: zlib.crc32(b'unum') % 16777215 + 1): a changed formula would split
    // a cluster whose hosts run different versions.
    assertThat(MeshPlan.vniOf("unum")).isEqualTo(11_008_557);
    assertThat(MeshPlan.vniOf("lab")).isEqualTo(MeshPlan.vniOf("lab"));
    assertThat(MeshPlan.vniOf("lab")).isNotEqualTo(MeshPlan.vniOf("prod"));
  }

  @Test
  void vniIsAlwaysAValidNonZeroVxlanId() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(MeshPlan.vniOf("cluster-" + i)).isBetween(1, 16_777_215);
    }
  }

  @Test
  void vniNeedsAName() {
    assertThatThrownBy(() -> MeshPlan.vniOf(" ")).hasMessageContaining("cluster name");
  }

  @Test
  void overlayMtuLeavesRoomForTheVxlanHeaders() {
    assertThat(MeshPlan.overlayMtu(1500)).isEqualTo(1450);
    assertThat(MeshPlan.overlayMtu(9000)).isEqualTo(8950);
    assertThat(MeshPlan.overlayMtu(1330)).isEqualTo(1280);
  }

  @Test
  void overlayMtuBelowTheIpv6MinimumIsRefusedNamingTheUnderlay() {
    assertThatThrownBy(() -> MeshPlan.overlayMtu(1329))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("underlay MTU is 1329").hasMessageContaining("1280");
  }

  @Test
  void peersAreTheOtherHostsThatAreUp() {
    List<MeshHost> hosts = List.of(
        new MeshHost("a", "10.0.0.1", true),
        new MeshHost("b", "10.0.0.2", true),
        new MeshHost("c", "10.0.0.3", false),
        new MeshHost("d", " 10.0.0.4 ", true),
        new MeshHost("e", "", true),
        new MeshHost("f", null, true),
        new MeshHost("g", "10.0.0.2", true),
        new MeshHost("old-a", "10.0.0.1", true));
    assertThat(MeshPlan.peerAddresses(hosts, "a", "10.0.0.1")).containsExactly("10.0.0.2", "10.0.0.4");
  }

  @Test
  void aLoneHostHasNoPeers() {
    assertThat(MeshPlan.peerAddresses(List.of(new MeshHost("a", "10.0.0.1", true)), "a", "10.0.0.1")).isEmpty();
    assertThat(MeshPlan.peerAddresses(List.of(), "a", "10.0.0.1")).isEmpty();
  }
}
