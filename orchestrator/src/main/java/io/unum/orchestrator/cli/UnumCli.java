package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.ApiTransport;
import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.HttpClusterCalls;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.innode.NodeUser;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code unum} command: entry point of the CLI and of the daemon. */
@Command(name = "unum", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "unum 0.1.0",
    description = "Unum: a rack of servers as one machine (single-system-image cluster).")
public final class UnumCli {
  /** Every verb, in the order --help lists them. */
  private static final List<Class<?>> VERBS = List.of(UpCommand.class, DownCommand.class, RestartCommand.class,
      StatusCommand.class, HostsCommand.class, NodesCommand.class, NodeCommand.class, PsCommand.class,
      KillCommand.class, InitCommand.class, BootCommand.class, RunLevelCommand.class, ServicesCommand.class,
      ServiceCommand.class, LogsCommand.class, UptimeCommand.class, HostCommand.class, BalancerCommand.class,
      TlsCommand.class, TokenCommand.class, UserCommand.class, WhoamiCommand.class, AuditCommand.class,
      JobsCommand.class, JobCommand.class, EventsCommand.class, ApiDocCommand.class, MetricsCommand.class,
      RunCommand.class, ConsoleCommand.class, GuestExecCommand.class, LabCommand.class, BenchCommand.class,
      ApiLoadCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class);
  /** Options that stop before any verb: with them, none is built. */
  private static final Set<String> NEED_NO_VERB = Set.of("--version", "-V");
  /** Verbs that look at the others: with them, every verb is built. */
  private static final Set<String> NEED_EVERY_VERB = Set.of("help", "generate-completion");

  static final String DEFAULT_HOST = "127.0.0.1:7070";
  static final int DEFAULT_PORT = 7070;

  @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "ADDR",
      description = "Orchestrator to talk to: HOST[:PORT] or a URL (default: $UNUM_HOST or "
          + DEFAULT_HOST + "). Every host answers the same.")
  String host;

  /** Where this run prints: the process's own streams, or an in-node user's (see {@link #runFor}). */
  PrintStream out = System.out;
  PrintStream err = System.err;
  /** The node user an in-node command runs for; null on a host, where the operator runs it. */
  NodeUser caller;
  /** What an in-node command calls (its host's services); null: the API, by HTTP. */
  private ClusterCalls fixedCalls;

  UnumClient client() {
    if (caller != null) {
      // The daemon runs as root: the usual credential would be the host's admin token.
      throw new IllegalStateException("a command typed in a node has no API client; it calls its host's services");
    }
    return withUsualCredential(apiUrl(host != null ? host : System.getenv().getOrDefault("UNUM_HOST",
        DEFAULT_HOST)));
  }

  /** What the everyday verbs (ps, kill, run, nodes, ...) call: in a node its host's services, else the API. */
  ClusterCalls calls() {
    return fixedCalls != null ? fixedCalls : new HttpClusterCalls(client());
  }

  /** A client of the API at {@code base} that shows this host's usual credential (see {@link CliCredential}). */
  static UnumClient withUsualCredential(String base) {
    return new UnumClient(base, () -> CliCredential.resolve(System.getenv()));
  }

  /** {@code HOST[:PORT]} or a full URL, as the base URL of the API. */
  static String apiUrl(String address) {
    String trimmed = address.strip();
    if (trimmed.startsWith("http://") || trimmed.startsWith("https://")) {
      return trimmed;
    }
    boolean hasPort = trimmed.lastIndexOf(':') > trimmed.lastIndexOf(']');
    return "http://" + trimmed + (hasPort ? "" : ":" + DEFAULT_PORT);
  }

  public static void main(String[] args) {
    Thread warmUp = new Thread(ApiTransport::warmUp, "json-warm-up");
    warmUp.setDaemon(true); // an exit does not wait for it
    warmUp.start();
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
  public static int run(String... args) {
    return commandLine(new UnumCli(), verbsFor(args)).execute(args);
  }

  /**
   * The verbs to build for {@code args}: the one they name, none for the version, else every verb (for help,
   * completion, an {@code @FILE}, or a typo to suggest a verb for). picocli builds the
   * model of each verb it is given by reflection; all of them took about half of a command's
   * start-up here, one of them a few per cent.
   */
  static List<Class<?>> verbsFor(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--host")) {
        i++; // its value
      } else if (NEED_NO_VERB.contains(arg)) {
        return List.of();
      } else if (arg.startsWith("-") || arg.startsWith("@")) {
        if (!arg.startsWith("--host=")) {
          return VERBS;
        }
      } else if (NEED_EVERY_VERB.contains(arg)) {
        return VERBS;
      } else {
        for (Class<?> verb : VERBS) {
          if (nameOf(verb).equals(arg)) {
            return List.of(verb);
          }
        }
        return VERBS;
      }
    }
    return VERBS;
  }

  private static String nameOf(Class<?> verb) {
    return verb.getAnnotation(Command.class).name();
  }

  /** The command line with every verb (for tests that walk them). */
  static CommandLine withEveryVerb() {
    return commandLine(new UnumCli(), VERBS);
  }

  /**
   * Runs an in-node {@code unum} command for {@code caller}, calling {@code calls} (its host's
   * services) and printing to {@code out} and {@code err}. Only {@code verbs} exist (and --help
   * lists only them).
   */
  public static int runFor(NodeUser caller, ClusterCalls calls, Set<String> verbs, PrintStream out, PrintStream err,
      List<String> args) {
    UnumCli cli = new UnumCli();
    cli.out = out;
    cli.err = err;
    cli.caller = Objects.requireNonNull(caller, "an in-node command runs for a node user");
    cli.fixedCalls = calls;
    CommandLine commandLine = commandLine(cli, VERBS.stream().filter(verb -> verbs.contains(nameOf(verb))).toList());
    withoutHostOption(commandLine);
    // '@FILE' would have picocli read FILE here, on the host and as root, for a node's user.
    commandLine.setExpandAtFiles(false);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args.toArray(String[]::new));
    out.flush();
    err.flush();
    return code;
  }

  /** In a node the host is fixed: --host would only mislead (it is ignored). */
  private static void withoutHostOption(CommandLine commandLine) {
    OptionSpec host = commandLine.getCommandSpec().findOption("--host");
    if (host != null) {
      commandLine.getCommandSpec().remove(host);
    }
    commandLine.getSubcommands().values().forEach(UnumCli::withoutHostOption);
  }

  private static CommandLine commandLine(UnumCli cli, List<Class<?>> verbs) {
    CommandLine commandLine = new CommandLine(cli);
    verbs.forEach(commandLine::addSubcommand);
    CommandLine run = commandLine.getSubcommands().get("run");
    if (run != null) {
      // 'unum run --node 1 ping -c 3 x': everything after the program is the program's.
      run.setStopAtPositional(true);
    }
    CommandLine kill = commandLine.getSubcommands().get("kill");
    if (kill != null) {
      // 'unum kill -9 131075': kill(1)'s signal options are not declared one by one.
      kill.setUnmatchedOptionsArePositionalParams(true);
    }
    commandLine.setExecutionExceptionHandler((thrown, cmd, parsed) -> {
      // The API's refusals and silences are reported as the CLI's own failures, in its words.
      Exception e = thrown instanceof ApiFailure api ? CliFailure.from(api) : thrown;
      if (e instanceof CliFailure failure) {
        cmd.getErr().println("unum: " + failure.getMessage());
        return failure.exitCode();
      }
      cmd.getErr().println("unum: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    });
    return commandLine;
  }
}
