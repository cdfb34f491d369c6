package io.unum.orchestrator.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code unum} command: entry point of the CLI and of the daemon. */
@Command(name = "unum", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "unum 0.1.0",
    description = "Unum: a rack of servers as one machine (single-system-image cluster).",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, HostsCommand.class,
        NodesCommand.class, NodeCommand.class, PsCommand.class, UptimeCommand.class, HostCommand.class, JobsCommand.class, JobCommand.class, EventsCommand.class, ApiDocCommand.class, MetricsCommand.class,
        RunCommand.class, ConsoleCommand.class, LabCommand.class, BenchCommand.class, ApiLoadCommand.class, DaemonCommand.class,
        CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class})
public final class UnumCli {
  static final String DEFAULT_HOST = "127.0.0.1:7070";
  static final int DEFAULT_PORT = 7070;

  @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "ADDR",
      description = "Orchestrator to talk to: HOST[:PORT] or a URL (default: $UNUM_HOST or "
          + DEFAULT_HOST + "). Every host answers the same.")
  String host;

  ApiClient client() {
    return new ApiClient(apiUrl(host != null ? host : System.getenv().getOrDefault("UNUM_HOST", DEFAULT_HOST)));
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
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new UnumCli());
    // 'unum run --node 1 ping -c 3 x': everything after the program is the program's.
    commandLine.getSubcommands().get("run").setStopAtPositional(true);
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CliFailure failure) {
        cmd.getErr().println("unum: " + failure.getMessage());
        return failure.exitCode();
      }
      cmd.getErr().println("unum: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    });
    return commandLine.execute(args);
  }
}
