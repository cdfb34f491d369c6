package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two hosts on loopback: the cluster's PID range is the first host's, and no host may differ. */
class ClusterPidSpaceTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5853", "127.0.0.1:5854");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  @AfterEach
  void stop() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  private ControlPlane plane(String name, int port) {
    ControlPlane plane = ControlPlane.start("unum-pids", name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
  }

  @Test
  void aHostJoiningWithAnotherRangeIsRefusedAndOneWithTheSameRecordsIt() throws Exception {
    ClusterPidSpace.verify(plane("a", 5853).hazelcast(), dir.resolve("a"), new PidSpace(4096));
    ControlPlane b = plane("b", 5854);
    assertThatThrownBy(() -> ClusterPidSpace.verify(b.hazelcast(), dir.resolve("b"), PidSpace.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pid-range is 65536 in this host's settings, but the cluster it joined uses 4096;"
            + " every host of a cluster must use the same: set pid-range: 4096");
    assertThat(dir.resolve("b").resolve("pid-range")).as("nothing recorded for a refused range").doesNotExist();

    ClusterPidSpace.verify(b.hazelcast(), dir.resolve("b"), new PidSpace(4096));
    assertThat(Files.readString(dir.resolve("b").resolve("pid-range")).strip()).isEqualTo("4096");
  }

  @Test
  void aHostCannotChangeTheRangeItsClusterWasMadeWith() throws Exception {
    Path a = dir.resolve("a");
    Files.createDirectories(a);
    Files.writeString(a.resolve("pid-range"), "4096\n");
    ControlPlane plane = plane("a", 5853);
    assertThatThrownBy(() -> ClusterPidSpace.verify(plane.hazelcast(), a, PidSpace.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pid-range is 65536 in this host's settings, but its cluster was made with 4096")
        .hasMessageContaining(a.resolve("pid-range").toString())
        .hasMessageContaining("set pid-range: 4096");
  }
}
