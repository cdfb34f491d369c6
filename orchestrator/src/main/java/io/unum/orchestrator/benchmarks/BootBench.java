package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Figure;
import io.unum.orchestrator.bench.FigureTable;
import io.unum.orchestrator.boot.KernelCommandLine;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.hypervisor.DomainSpec;
import io.unum.orchestrator.hypervisor.DomainXml;
import io.unum.orchestrator.interconnect.NodeAddressing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * {@code unum bench boot}: how long it takes to get nodes up on this host, beside plain libvirt
 * booting the same domain. Prints numbers; asserts nothing.
 */
public final class BootBench {
  private static final String PLAIN = "unum-bench-plain";
  private static final String USER_SPACE_MARK = "unum-init: user space reached";
  private static final String AGENT_MARK = "unum-agent: ready";

  private final BenchSetup setup;
  private final UnumClient client;
  private final boolean cold;

  /** @param cold also rebuild kernel and image from nothing, into a cache of its own */
  public BootBench(BenchSetup setup, UnumClient client, boolean cold) {
    this.setup = setup;
    this.client = client;
    this.cold = cold;
  }

  public BenchResult run() throws Exception {
    requireNoNodes(client);
    List<Figure> figures = new ArrayList<>();
    String kernel = setup.buildKernel(Map.of());
    String image = setup.buildImage(Map.of());
    if (cold) {
      figures.addAll(coldBuilds(setup));
    } else {
      recordedSeconds(Path.of(kernel).resolveSibling("build-info.json")).ifPresent(seconds -> figures.add(
          Figure.lower("kernel build, cold (recorded when cached; --cold to rebuild)", seconds, "s")));
      recordedSeconds(Path.of(image).resolveSibling("image-info.json")).ifPresent(seconds -> figures.add(
          Figure.lower("image build, cold (recorded when cached; --cold to rebuild)", seconds, "s")));
    }
    List<Figure> ups = new ArrayList<>();
    for (int nodes : new int[] {1, 3}) {
      TimedLauncher result = TimedLauncher.of(setup);
      result.unum("down");
      double seconds = result.unum("up", "--nodes", String.valueOf(nodes));
      JsonNode list = client.nodes().list();
      double slowest = 0;
      for (JsonNode node : list) {
        slowest = Math.max(slowest, node.path("bootSeconds").asDouble());
      }
      ups.add(Figure.lower("unum up --nodes " + nodes + ", cached (wall, until every hello)", seconds, "s"));
      ups.add(Figure.lower("slowest of the " + nodes + ": domain start -> agent hello", slowest, "s"));
    }
    // While the host's bridge is still up: the plain domain's NIC is on it.
    double[] plain = plainVirsh(Path.of(kernel), Path.of(image), accel(client));
    TimedLauncher.of(setup).unum("down");
    ups.forEach(up -> figures.add(up.beside("plain virsh create -> agent ready", plain[1])));
    BenchResult result = new BenchResult("boot", "one host, " + accel(client) + "; the plain domain: console shows"
        + " user space after " + String.format(Locale.ROOT, "%.2f s", plain[0]), figures);
    System.out.println();
    FigureTable.lines(result).forEach(System.out::println);
    return result;
  }

  /** Fails unless no host daemon runs nodes here: the benchmark starts and removes its own. */
  public static void requireNoNodes(UnumClient client) {
    if (client.reachable() && !client.nodes().list().isEmpty()) {
      throw new BenchFailure("bench boot needs a host without nodes: run 'unum down' first");
    }
  }

  /** Builds kernel and image into an empty cache, timing each; the real cache is untouched. */
  private static List<Figure> coldBuilds(BenchSetup setup)
      throws IOException, InterruptedException {
    Path cache = Files.createTempDirectory("unum-bench-cache");
    try {
      Map<String, String> env = Map.of("UNUM_CACHE", cache.toString());
      long start = System.nanoTime();
      setup.buildKernel(env);
      double kernelSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      setup.buildImage(env);
      double imageSeconds = (System.nanoTime() - start) / 1e9;
      return List.of(Figure.lower("kernel build, cold (this run)", kernelSeconds, "s"),
          Figure.lower("image build, cold (this run, rootfs included)", imageSeconds, "s"));
    } finally {
      run(List.of("rm", "-rf", cache.toString()));
    }
  }

  /** The build time its info file recorded, if it did. */
  private static OptionalDouble recordedSeconds(Path info) {
    try {
      JsonNode seconds = new ObjectMapper().readTree(info.toFile()).path("buildSeconds");
      return seconds.isNumber() ? OptionalDouble.of(seconds.asDouble()) : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  private Accel.Kind accel(UnumClient client) {
    if (!client.reachable()) {
      return Accel.Kind.TCG;
    }
    String kind = client.status().path("host").path("accel").asText("tcg");
    return kind.equalsIgnoreCase("kvm") ? Accel.Kind.KVM : Accel.Kind.TCG;
  }

  /** Boots one node's domain with plain virsh (no orchestrator); returns [user space, agent] seconds. */
  private static double[] plainVirsh(Path kernel, Path image, Accel.Kind accel) throws Exception {
    Path dir = Files.createTempDirectory("unum-bench");
    Path disk = dir.resolve("disk.qcow2");
    Path console = dir.resolve("console.log");
    run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", image.toString(), disk.toString()));
    NodeSpec spec = NodeSpec.withDefaults(1);
    String xml = DomainXml.render(new DomainSpec(PLAIN, 1, accel, spec.cpus(), spec.memoryMiB(), kernel,
        KernelCommandLine.of(spec, "10.213.0.1/24", PidSpace.DEFAULT), disk, NodeAddressing.macOf(1), "unum0", 0, console,
        dir.resolve("agent.sock")));
    Path xmlFile = dir.resolve("domain.xml");
    Files.writeString(xmlFile, xml);
    long start = System.nanoTime();
    run(List.of("virsh", "-q", "-c", "qemu:///system", "create", xmlFile.toString()));
    double userSpace = -1;
    double agent = -1;
    try {
      long deadline = start + 120_000_000_000L;
      while (System.nanoTime() < deadline && agent < 0) {
        String text = Files.exists(console) ? Files.readString(console) : "";
        double now = (System.nanoTime() - start) / 1e9;
        if (userSpace < 0 && text.contains(USER_SPACE_MARK)) {
          userSpace = now;
        }
        if (text.contains(AGENT_MARK)) {
          agent = now;
        }
        Thread.sleep(20);
      }
    } finally {
      run(List.of("virsh", "-q", "-c", "qemu:///system", "destroy", PLAIN));
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
    if (agent < 0) {
      throw new BenchFailure("the plain domain's agent was not ready within 120 s: its console never said \"" + AGENT_MARK + "\"");
    }
    return new double[] {userSpace, agent};
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new BenchFailure(String.join(" ", command) + " did not finish within 2 min");
    }
    if (process.exitValue() != 0) {
      throw new BenchFailure(String.join(" ", command) + " failed (exit " + process.exitValue() + ")");
    }
  }
}
