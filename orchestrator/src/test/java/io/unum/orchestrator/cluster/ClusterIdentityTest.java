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

/**
 * What a host records of the cluster it joins, on two real members on loopback: the cluster's id
 * (a host of another cluster of the same name refuses to merge) and its PID range
 * ({@link ClusterPidSpace}: no host may differ, nor change it).
 */
class ClusterIdentityTest {
  private static final List<String> PEERS = List.of("127.0.0.1:5911", "127.0.0.1:5912");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();

  @AfterEach
  void stop() {
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  @Test
  void aHostOfAnotherClusterWithTheSameNameIsRefusedAndMergesNothing() throws Exception {
    ControlPlane a = ControlPlane.start("unum-twins", "a", "127.0.0.1", 5911, PEERS, dir.resolve("a"));
    planes.add(a);
    String id = Files.readString(dir.resolve("a").resolve("cluster-id")).strip();
    // Host b once belonged to another cluster called unum-twins, with a node of its own.
    Path b = dir.resolve("b");
    Files.createDirectories(b);
    Files.writeString(b.resolve("cluster-id"), "0f0f0f0f-other-cluster\n");
    new SpecFiles(b.resolve("specs")).write(SpecRecord.first(NodeSpec.withDefaults(7)));

    assertThatThrownBy(() -> planes.add(ControlPlane.start("unum-twins", "b", "127.0.0.1", 5912, PEERS, b)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another cluster of the same name")
        .hasMessageContaining(id)
        .hasMessageContaining("0f0f0f0f-other-cluster");
    assertThat(a.store().spec(7)).as("the refused host's specs stay out").isEmpty();
  }

  @Test
  void aNewHostRecordsTheIdOfTheClusterItJoined() throws Exception {
    ControlPlane a = ControlPlane.start("unum-one", "a", "127.0.0.1", 5911, PEERS, dir.resolve("a"));
    planes.add(a);
    planes.add(ControlPlane.start("unum-one", "b", "127.0.0.1", 5912, PEERS, dir.resolve("b")));
    assertThat(Files.readString(dir.resolve("b").resolve("cluster-id")))
        .isEqualTo(Files.readString(dir.resolve("a").resolve("cluster-id")));
  }

  @Test
  void aHostJoiningWithAnotherPidRangeIsRefusedAndOneWithTheSameRecordsIt() throws Exception {
    ControlPlane a = ControlPlane.start("unum-pids", "a", "127.0.0.1", 5911, PEERS, dir.resolve("a"));
    planes.add(a);
    ClusterPidSpace.verify(a.hazelcast(), dir.resolve("a"), new PidSpace(4096));
    ControlPlane b = ControlPlane.start("unum-pids", "b", "127.0.0.1", 5912, PEERS, dir.resolve("b"));
    planes.add(b);
    assertThatThrownBy(() -> ClusterPidSpace.verify(b.hazelcast(), dir.resolve("b"), PidSpace.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pid-range is 65536 in this host's settings, but the cluster it joined uses 4096;"
            + " every host of a cluster must use the same: set pid-range: 4096");
    assertThat(dir.resolve("b").resolve("pid-range")).as("nothing recorded for a refused range").doesNotExist();

    ClusterPidSpace.verify(b.hazelcast(), dir.resolve("b"), new PidSpace(4096));
    assertThat(Files.readString(dir.resolve("b").resolve("pid-range")).strip()).isEqualTo("4096");
  }

  @Test
  void aHostCannotChangeThePidRangeItsClusterWasMadeWith() throws Exception {
    Path a = dir.resolve("a");
    Files.createDirectories(a);
    Files.writeString(a.resolve("pid-range"), "4096\n");
    ControlPlane plane = ControlPlane.start("unum-pids", "a", "127.0.0.1", 5911, PEERS, a);
    planes.add(plane);
    assertThatThrownBy(() -> ClusterPidSpace.verify(plane.hazelcast(), a, PidSpace.DEFAULT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pid-range is 65536 in this host's settings, but its cluster was made with 4096")
        .hasMessageContaining(a.resolve("pid-range").toString())
        .hasMessageContaining("set pid-range: 4096");
  }
}
