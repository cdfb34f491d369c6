package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.bench.BenchReport;
import io.unum.orchestrator.bench.BenchResult;
import io.unum.orchestrator.bench.Machine;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.bench.ReportWriter;
import io.unum.orchestrator.benchmarks.ApiBench;
import io.unum.orchestrator.benchmarks.BenchFailure;
import io.unum.orchestrator.benchmarks.BenchSetup;
import io.unum.orchestrator.benchmarks.BootBench;
import io.unum.orchestrator.benchmarks.HostFailureBench;
import io.unum.orchestrator.benchmarks.LabBench;
import io.unum.orchestrator.benchmarks.MigrationBench;
import io.unum.orchestrator.benchmarks.ProcessBench;
import io.unum.orchestrator.benchmarks.RunLevelBench;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.Lab;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code unum bench KIND}: benchmarks that print numbers beside a plain tool's, where one does the
 * same job; {@code all} runs every one and writes a report. Asserts nothing.
 */
@Command(name = "bench", description = "Benchmarks that print numbers. Kinds: boot, lab, api, ps, boot-cluster,"
    + " migrate, ha, all. 'unum bench report' shows the newest report of 'all' on the host.",
    subcommands = BenchReportCommand.class)
final class BenchCommand implements Callable<Integer> {
  /** What {@code all} runs, in this order: boot needs the host to itself, lab a machine without a lab. */
  static final List<String> KINDS = List.of("boot", "lab", "api", "ps", "boot-cluster", "migrate", "ha");
  private static final int DEFAULT_ROUNDS = 5;

  @Spec
  CommandSpec spec;

  @ParentCommand
  UnumCli cli;

  @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "What to measure: boot (one host), lab (3 lab hosts),"
      + " api (REST, SSE and 'unum nodes', on a lab), ps (the process table, in-node unum, remote kill, on a lab),"
      + " boot-cluster (run levels on a lab), migrate (live migration beside plain virsh, on a lab), ha (a lost"
      + " host's and a cut-off leader's nodes restarting elsewhere, on a lab), all (each of these in turn, then a"
      + " report: Markdown, a chart per figure and results.json, in the folder --out names; 45 minutes or"
      + " so with --rounds 1 on 2 cores under TCG).")
  String kind;

  @Option(names = "--cold", description = "With boot: also rebuild kernel and image from nothing (~6 min).")
  boolean cold;

  @Option(names = "--soak", paramLabel = "MOVES", description = "With migrate: instead of the figures, move a busy"
      + " node MOVES times, and a plain virsh copy of it as often, checking each guest after every move (kernel"
      + " oops, a checksummed data set in memory, a TCP stream, time until it answers) and the lab's hosts and"
      + " nodes twice a second (a host not up, a node not running); exit 1 on any fault.")
  Integer soak;

  @Option(names = "--rounds", paramLabel = "N", description = "With ha or all: how many hosts to lose of each kind"
      + " (default " + DEFAULT_ROUNDS + "; each takes about two minutes).")
  Integer rounds;

  @Option(names = "--out", paramLabel = "DIR", description = "With all: the folder for the report (default: a new"
      + " folder named by the start time under /var/lib/unum/bench, whose newest report the console shows).")
  Path out;

  @Override
  public Integer call() throws Exception {
    validate();
    Installation installation = Installation.locate();
    BenchSetup setup = new Checkout(installation);
    try {
      if (soak != null) {
        return new MigrationBench(setup).soak(soak);
      }
      if (kind.equals("all")) {
        return all(installation, setup);
      }
      measure(kind, setup);
      return 0;
    } catch (BenchFailure e) {
      throw new CliFailure(e.getMessage()); // the CLI's one line and exit code
    }
  }

  /** Refuses an unknown kind and an option given with a kind that does not take it, before anything runs. */
  private void validate() {
    if (kind == null) {
      throw new ParameterException(spec.commandLine(), "name a benchmark: " + String.join(", ", KINDS) + ", all;"
          + " or 'unum bench report' for the newest report");
    }
    if (!kind.equals("all") && !KINDS.contains(kind)) {
      throw new ParameterException(spec.commandLine(), "unknown benchmark '" + kind + "'; known: "
          + String.join(", ", KINDS) + ", all");
    }
    if (soak != null && (!kind.equals("migrate") || soak < 1)) {
      throw new ParameterException(spec.commandLine(), "--soak takes a number of moves of at least 1, and only"
          + " with 'migrate' (got " + soak + " with '" + kind + "')");
    }
    if (rounds != null && (!List.of("ha", "all").contains(kind) || rounds < 1)) {
      throw new ParameterException(spec.commandLine(), "--rounds takes a number of at least 1, and only with 'ha'"
          + " or 'all' (got " + rounds + " with '" + kind + "')");
    }
    if (cold && !kind.equals("boot")) {
      throw new ParameterException(spec.commandLine(), "--cold goes only with 'boot' (got '" + kind + "')");
    }
    if (out != null && !kind.equals("all")) {
      throw new ParameterException(spec.commandLine(), "--out goes only with 'all' (got '" + kind + "')");
    }
  }

  private BenchResult measure(String which, BenchSetup setup) throws Exception {
    return switch (which) {
      case "boot" -> new BootBench(setup, cli.client(), cold).run();
      case "lab" -> new LabBench(setup).run();
      case "api" -> new ApiBench(setup).run();
      case "ps" -> new ProcessBench(setup).run();
      case "boot-cluster" -> new RunLevelBench(setup).run();
      case "migrate" -> new MigrationBench(setup).run();
      case "ha" -> new HostFailureBench(setup, rounds == null ? DEFAULT_ROUNDS : rounds).run();
      default -> throw new IllegalStateException("no benchmark " + which);
    };
  }

  /**
   * Every benchmark in turn, then the report. The first that fails ends the run (it leaves its lab
   * up for whoever looks into it, and the next would find that lab); the report then says so.
   */
  private int all(Installation installation, BenchSetup setup) throws Exception {
    BootBench.requireNoNodes(cli.client());
    if (!LabCommand.lab().hosts().isEmpty()) {
      throw new CliFailure("bench all times a lab from nothing (bench lab): run 'unum lab down' first");
    }
    Instant started = Instant.now();
    Path folder = out != null ? out : ReportShelf.under(Installation.STATE_DIR).folderFor(started);
    List<BenchResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < KINDS.size() && failures.isEmpty(); i++) {
      String which = KINDS.get(i);
      System.err.printf("unum bench all: [%d/%d] %s ...%n", i + 1, KINDS.size(), which);
      long t0 = System.nanoTime();
      try {
        results.add(measure(which, setup));
        System.err.printf("unum bench all: %s took %.0f s%n", which, (System.nanoTime() - t0) / 1e9);
      } catch (BenchFailure | CliFailure | ApiFailure e) {
        failures.add(which + ": " + e.getMessage());
        System.err.printf("unum bench all: %s failed after %.0f s: %s%n", which, (System.nanoTime() - t0) / 1e9,
            e.getMessage());
      }
    }
    for (int i = results.size() + failures.size(); i < KINDS.size(); i++) {
      failures.add(KINDS.get(i) + ": not run (the run stopped at the failure above, whose lab is left up)");
    }
    long took = TimeUnit.MILLISECONDS.toSeconds(Instant.now().toEpochMilli() - started.toEpochMilli());
    String command = "unum bench all" + (rounds == null ? "" : " --rounds " + rounds) + (out == null ? "" : " --out " + out);
    BenchReport report = new BenchReport(command, version(installation), started.toEpochMilli(), took,
        Machine.probe(Installation.STATE_DIR.resolve("accel-verdict")), results, failures);
    Path markdown = ReportWriter.write(report, folder);
    System.out.println();
    System.out.println("unum bench all: " + report.targetsMet() + "; report: " + markdown);
    return failures.isEmpty() ? 0 : 1;
  }

  /**
   * The benchmarks' way to this checkout and its lab, through the classes the verbs use: {@code
   * unum lab}'s lab and clients, {@code unum up}'s builds and node progress.
   */
  private record Checkout(Installation installation) implements BenchSetup {
    @Override
    public Path launcher() {
      return installation.home().resolve("unum");
    }

    @Override
    public Lab lab() {
      return LabCommand.lab();
    }

    @Override
    public UnumClient labClient(int host) {
      return LabCommand.client(host);
    }

    @Override
    public JsonNode awaitNodes(UnumClient api, int nodes, String command) throws InterruptedException {
      return NodeProgress.await(api, nodes, command);
    }

    @Override
    public String buildKernel(Map<String, String> env) {
      return installation.buildKernel(env);
    }

    @Override
    public String buildImage(Map<String, String> env) {
      return installation.buildImage(env);
    }
  }

  /** The version this command reports, with the checkout's commit when it runs from one. */
  private static String version(Installation installation) {
    String version = UnumCli.class.getAnnotation(Command.class).version()[0];
    return installation.commit().map(commit -> version + " (commit " + commit + ")").orElse(version);
  }
}
