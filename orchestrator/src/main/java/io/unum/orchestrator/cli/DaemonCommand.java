package io.unum.orchestrator.cli;

import io.unum.orchestrator.daemon.DaemonConfig;
import io.unum.orchestrator.daemon.Orchestrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unum daemon}: runs this host's orchestrator in the foreground until SIGTERM. */
@Command(name = "daemon", hidden = true, description = "Run the host orchestrator (started by 'unum up').")
final class DaemonCommand implements Callable<Integer> {
  @Option(names = "--kernel", required = true, description = "Node kernel (bzImage).")
  Path kernel;

  @Option(names = "--base-image", required = true, description = "Node base disk image (raw ext4).")
  Path baseImage;

  @Option(names = "--host-name", description = "Name this host registers under (default: its hostname).")
  String hostName;

  @Option(names = "--api-host", defaultValue = "127.0.0.1")
  String apiHost;

  @Option(names = "--api-port", defaultValue = "7070")
  int apiPort;

  @Option(names = "--state-dir", defaultValue = "/var/lib/unum")
  Path stateDir;

  @Option(names = "--libvirt-uri", defaultValue = "qemu:///system")
  String libvirtUri;

  @Option(names = "--accel", defaultValue = "auto", description = "auto, kvm or tcg.")
  String accel;

  @Option(names = "--bridge", defaultValue = "unum0")
  String bridge;

  @Option(names = "--cidr", defaultValue = "10.213.0.0/24", description = "Interconnect network of the nodes.")
  String cidr;

  @Option(names = "--cluster", defaultValue = "unum", description = "Cluster name (the control plane's).")
  String cluster;

  @Option(names = "--control-plane-address", defaultValue = "127.0.0.1",
      description = "Address the control plane (Hazelcast) binds and is reached at.")
  String controlPlaneAddress;

  @Option(names = "--control-plane-port", defaultValue = "5701")
  int controlPlanePort;

  @Option(names = "--peer", paramLabel = "HOST:PORT",
      description = "Another host's control-plane address; repeat for each (static list, no multicast).")
  List<String> peers = new ArrayList<>();

  @Option(names = "--boot-timeout", defaultValue = "120", description = "Seconds a node may take to say hello.")
  int bootTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    DaemonConfig config = new DaemonConfig(hostName != null ? hostName : localHostName(), apiHost,
        apiPort, stateDir, kernel, baseImage, libvirtUri, accel, bridge, cidr, cluster,
        controlPlaneAddress, controlPlanePort, peers, Duration.ofSeconds(bootTimeoutSeconds));
    Orchestrator orchestrator;
    try {
      orchestrator = Orchestrator.start(config);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure("orchestrator cannot start: " + e.getMessage());
    }
    Orchestrator.writePid(stateDir.resolve("orchestrator.pid"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      orchestrator.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }

  private static String localHostName() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
  }
}
