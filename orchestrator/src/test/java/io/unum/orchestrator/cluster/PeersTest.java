package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PeersTest {

  @Test
  void goodPeersPass() {
    assertThat(Peers.parse(List.of("10.0.0.1:5701", " localhost:5702 "))).containsExactly("10.0.0.1:5701", "localhost:5702");
  }

  @Test
  void aHostNamedTwiceIsRefusedByName() {
    assertThatThrownBy(() -> Peers.parse(List.of("localhost:5701", "LOCALHOST:5701")))
        .hasMessageContaining("LOCALHOST:5701").hasMessageContaining("twice");
  }

  @Test
  void malformedPeersAreNamed() {
    assertThatThrownBy(() -> Peers.parse(List.of("host-a"))).hasMessageContaining("'host-a'").hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> Peers.parse(List.of("host-a:x"))).hasMessageContaining("not a number");
    assertThatThrownBy(() -> Peers.parse(List.of("host-a:70000"))).hasMessageContaining("70000");
  }

  @Test
  void aHostNameThatDoesNotResolveIsRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> Peers.parse(List.of("no-such-host.invalid:5701")))
        .hasMessageContaining("no-such-host.invalid:5701").hasMessageContaining("does not resolve");
  }
}
