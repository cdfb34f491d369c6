package io.unum.orchestrator.interconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeAddressingTest {

  @Test
  void nodeNumberIsTheHostPart() {
    NodeAddressing addressing = new NodeAddressing("10.213.0.0/24");
    assertThat(addressing.cidrOf(1)).isEqualTo("10.213.0.1/24");
    assertThat(addressing.ipOf(64)).isEqualTo("10.213.0.64");
    assertThat(addressing.capacity()).isEqualTo(254);
    assertThat(new NodeAddressing("10.1.0.0/16").ipOf(3)).isEqualTo("10.1.0.3");
  }

  @Test
  void macIsStableAndDerivedFromTheNode() {
    assertThat(NodeAddressing.macOf(3)).isEqualTo("52:54:00:75:00:03");
    assertThat(NodeAddressing.macOf(64)).isEqualTo("52:54:00:75:00:40");
  }

  @Test
  void badNetworksAreNamed() {
    assertThatThrownBy(() -> new NodeAddressing("10.0.0.0")).hasMessageContaining("10.213.0.0/24");
    assertThatThrownBy(() -> new NodeAddressing("10.0.0.1/24")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> new NodeAddressing("300.0.0.0/24")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> new NodeAddressing("10.0.0.0/31")).hasMessageContaining("8..30");
    assertThatThrownBy(() -> new NodeAddressing("10.0.0.0/29").ipOf(7)).hasMessageContaining("does not fit");
  }

  @Test
  void aNetworkTooSmallForEveryNodeIsRefusedWithTheSizeToUse() {
    new NodeAddressing("10.213.0.0/25").requireRoomFor(64);
    assertThatThrownBy(() -> new NodeAddressing("10.213.0.0/26").requireRoomFor(64))
        .hasMessageContaining("room for 62 nodes").hasMessageContaining("/25");
  }

  @Test
  void overlapIsFoundWhicheverNetworkIsLarger() {
    NodeAddressing nodes = new NodeAddressing("10.213.0.0/24");
    assertThat(nodes.overlaps("10.213.0.77/32")).isTrue();
    assertThat(nodes.overlaps("10.0.0.1/8")).isTrue();
    assertThat(nodes.overlaps("10.213.1.1/24")).isFalse();
    assertThat(nodes.overlaps("172.31.213.11/24")).isFalse();
  }
}
