package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One cluster of real nodes, booted once per test run by {@code ./unum up} and shared by every
 * test that asks for it; taken down by {@code ./unum down} when the run ends. The daemon log and
 * every node console are copied to {@code target/cluster-logs/} first, so failures can be read.
 */
public final class BootedCluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  static final int NODES = 3;
  private static final Path LOGS = Path.of("target", "cluster-logs");

  final Launcher.Result up;

  private BootedCluster(Launcher.Result up) {
    this.up = up;
  }

  /** JUnit extension that hands the shared cluster to test constructors and methods. */
  public static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == BootedCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(BootedCluster.class, key -> boot(), BootedCluster.class);
    }
  }

  private static BootedCluster boot() {
    Launcher.Result up = Launcher.unumWithin(1800, "up", "--nodes", String.valueOf(NODES));
    System.out.println("[cluster] unum up --nodes " + NODES + ": " + up);
    assertThat(up.exitCode()).as("unum up\n%s", up).isZero();
    return new BootedCluster(up);
  }

  @Override
  public void close() {
    keepLogs();
    Launcher.Result down = Launcher.unum("down");
    System.out.println("[cluster] unum down: " + down);
  }

  static void keepLogs() {
    try {
      Files.createDirectories(LOGS);
      copy(Path.of("/var/log/unum/orchestrator.log"), LOGS.resolve("orchestrator.log"));
      Path nodes = Path.of("/var/lib/unum/disks"); // NodePaths.diskDir on one host: the state dir is the shared one
      if (Files.isDirectory(nodes)) {
        try (Stream<Path> dirs = Files.list(nodes)) {
          for (Path dir : dirs.toList()) {
            copy(dir.resolve("console.log"), LOGS.resolve(dir.getFileName() + "-console.log"));
          }
        }
      }
    } catch (IOException e) {
      System.out.println("[cluster] could not keep logs: " + e.getMessage());
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
