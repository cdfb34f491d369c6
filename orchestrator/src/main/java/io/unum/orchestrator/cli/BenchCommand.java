package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum bench boot}: how long it takes to get nodes up, beside plain libvirt doing the
 * same boot. Prints numbers; asserts nothing.
 */
@Command(name = "bench", description = "Benchmarks that print numbers. Kinds: boot, lab, api, ps, boot-cluster, migrate, ha.")
final class BenchCommand implements Callable<Integer> {
  private static final String PLAIN = "unum-bench-plain";
  private static final String USER_SPACE_MARK = "unum-init: user space reached";
  private static final String AGENT_MARK = "unum-agent: ready";

  @Spec
  CommandSpec spec;

  @ParentCommand
  UnumCli cli;

  @Parameters(index = "0", paramLabel = "KIND", description = "What to measure: boot (one host), lab (3 lab hosts), api (REST and SSE on a lab), "
      + "ps (the process table, in-node unum, remote kill, on a lab), boot-cluster (run levels on a lab), "
      + "migrate (live migration beside plain virsh, on a lab), ha (a lost host's and a cut-off leader's nodes"
      + " restarting elsewhere, on a lab).")
  String kind;

  @Option(names = "--cold", description = "Also rebuild kernel and image from nothing (~6 min).")
  boolean cold;

  @Option(names = "--soak", paramLabel = "MOVES", description = "With migrate: instead of the figures, move a busy"
      + " node MOVES times, and a plain virsh copy of it as often, checking each guest after every move (kernel"
      + " oops, a checksummed data set in memory, a TCP stream, time until it answers) and the lab's hosts and"
      + " nodes twice a second (a host not up, a node not running); exit 1 on any fault.")
  Integer soak;

  @Option(names = "--rounds", paramLabel = "N", description = "With ha: how many hosts to lose of each kind"
      + " (default 5; each takes about two minutes).")
  Integer rounds;

  @Override
  public Integer call() throws Exception {
    if (kind.equals("lab")) {
      return new LabBench(Installation.locate()).run();
    }
    if (kind.equals("api")) {
      return new ApiBench(Installation.locate()).run();
    }
    if (kind.equals("boot-cluster")) {
      return new RunLevelBench(Installation.locate()).run();
    }
    if (soak != null && (!kind.equals("migrate") || soak < 1)) {
      throw new ParameterException(spec.commandLine(), "--soak takes a number of moves of at least 1, and only"
          + " with 'migrate' (got " + soak + " with '" + kind + "')");
    }
    if (kind.equals("migrate")) {
      MigrationBench bench = new MigrationBench(Installation.locate());
      return soak != null ? bench.soak(soak) : bench.run();
    }
    if (rounds != null && (!kind.equals("ha") || rounds < 1)) {
      throw new ParameterException(spec.commandLine(), "--rounds takes a number of at least 1, and only with 'ha'"
          + " (got " + rounds + " with '" + kind + "')");
    }
    if (kind.equals("ha")) {
      return new HostFailureBench(Installation.locate(), rounds == null ? 5 : rounds).run();
    }
    if (kind.equals("ps")) {
      return new ProcessBench(Installation.locate()).run();
    }
    if (!kind.equals("boot")) {
      throw new ParameterException(spec.commandLine(), "unknown benchmark '" + kind + "'; known: boot, lab, api, ps, boot-cluster, migrate, ha");
    }
    Installation installation = Installation.locate();
    UnumClient client = cli.client();
    if (client.reachable() && !client.nodes().list().isEmpty()) {
      throw new CliFailure("bench boot needs a host without nodes: run 'unum down' first");
    }
    List<String[]> rows = new ArrayList<>();
    String kernel = installation.runScript(Installation.KERNEL_BUILD, "ssi-kernel-patches/build-kernel");
    String image = installation.runScript(Installation.IMAGE_BUILD, "vm-images/build-image", "--agent-jar", installation.agentJar().toString());
    if (cold) {
      rows.addAll(coldBuilds(installation));
    } else {
      rows.add(row("kernel build, cold (recorded when cached; --cold to rebuild)",
          recordedSeconds(Path.of(kernel).resolveSibling("build-info.json"))));
      rows.add(row("image build, cold (recorded when cached; --cold to rebuild)",
          recordedSeconds(Path.of(image).resolveSibling("image-info.json"))));
    }

    for (int nodes : new int[] {1, 3}) {
      TimedLauncher result = TimedLauncher.of(installation);
      result.unum("down");
      double seconds = result.unum("up", "--nodes", String.valueOf(nodes));
      JsonNode list = client.nodes().list();
      double slowest = 0;
      for (JsonNode node : list) {
        slowest = Math.max(slowest, node.path("bootSeconds").asDouble());
      }
      rows.add(row("unum up --nodes " + nodes + ", cached (wall, until every hello)", seconds));
      rows.add(row("  slowest node: domain start -> agent hello", slowest));
    }
    double[] plain = plainVirsh(Path.of(kernel), Path.of(image), accel(client));
    TimedLauncher.of(installation).unum("down");
    rows.add(row("plain virsh create -> console shows user space", plain[0]));
    rows.add(row("plain virsh create -> agent ready on console", plain[1]));

    System.out.println();
    System.out.println("unum bench boot (" + accel(client) + ")");
    for (String[] r : rows) {
      System.out.printf("  %-58s %8s%n", r[0], r[1]);
    }
    return 0;
  }

  /** Builds kernel and image into an empty cache, timing each; the real cache is untouched. */
  private static List<String[]> coldBuilds(Installation installation)
      throws IOException, InterruptedException {
    Path cache = Files.createTempDirectory("unum-bench-cache");
    try {
      Map<String, String> env = Map.of("UNUM_CACHE", cache.toString());
      long start = System.nanoTime();
      installation.runScript(env, Installation.KERNEL_BUILD, "ssi-kernel-patches/build-kernel");
      double kernelSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      installation.runScript(env, Installation.IMAGE_BUILD, "vm-images/build-image", "--agent-jar", installation.agentJar().toString());
      double imageSeconds = (System.nanoTime() - start) / 1e9;
      return List.of(row("kernel build, cold (this run)", kernelSeconds),
          row("image build, cold (this run, rootfs included)", imageSeconds));
    } finally {
      run(List.of("rm", "-rf", cache.toString()));
    }
  }

  static String[] row(String what, double seconds) {
    return new String[] {what, seconds < 0 ? "n/a" : String.format("%.2f s", seconds)};
  }

  private static double recordedSeconds(Path info) {
    try {
      return new ObjectMapper().readTree(info.toFile()).path("buildSeconds").asDouble(-1);
    } catch (IOException e) {
      return -1;
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
    return new double[] {userSpace, agent};
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new CliFailure(String.join(" ", command) + " failed");
    }
  }
}
