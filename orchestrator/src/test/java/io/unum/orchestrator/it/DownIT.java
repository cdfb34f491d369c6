package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 'unum down' leaves no domain, disk or process behind. Runs once the classes that use the shared
 * cluster (order 1) and this machine's libvirtd (order 2) are done, before the lab's (order 4 on):
 * the cluster's three guests would otherwise take the lab's cores for half an hour.
 */
@ExtendWith(BootedCluster.Extension.class)
@Order(3)
class DownIT {
  private final BootedCluster cluster;

  DownIT(BootedCluster cluster) {
    this.cluster = cluster;
  }

  @Test
  void downLeavesNothingBehindButTheCache() {
    assertThat(cluster.up.exitCode()).isZero();
    BootedCluster.keepLogs();
    Launcher.Result down = Launcher.unum("down");
    assertThat(down.exitCode()).as("%s", down).isZero();

    // libvirtd was stopped by down; start it again briefly to ask it, then stop it again.
    Launcher.Result ensure = Launcher.run(List.of(Launcher.HOME.resolve("orchestrator/host/ensure-libvirt").toString()), 60);
    assertThat(ensure.exitCode()).as("ensure-libvirt: %s", ensure).isZero();
    try {
      assertThat(ClusterIT.virshDomains()).isEmpty();
    } finally {
      Launcher.run(List.of(Launcher.HOME.resolve("orchestrator/host/stop-libvirt").toString()), 60);
    }
    assertThat(Path.of("/var/lib/unum/nodes")).satisfiesAnyOf(
        p -> assertThat(Files.exists(p)).isFalse(),
        p -> assertThat(p).isEmptyDirectory());
    // Only this host's processes: a lab's hosts (containers) show up in the process list too.
    String self = String.valueOf(ProcessHandle.current().pid());
    Launcher.Result qemu = Launcher.run(List.of("pgrep", "--ns", self, "--nslist", "pid", "-f",
        "qemu-system.*unum-node"), 10);
    assertThat(qemu.exitCode()).as("qemu still running: %s", qemu.stdout()).isEqualTo(1);
    Launcher.Result daemon = Launcher.run(List.of("pgrep", "--ns", self, "--nslist", "pid", "-f",
        "unum.jar daemon"), 10);
    assertThat(daemon.exitCode()).as("orchestrator still running: %s", daemon.stdout()).isEqualTo(1);
    assertThat(Path.of("/var/cache/unum/kernel")).isDirectory();
  }
}
