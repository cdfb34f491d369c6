package io.unum.orchestrator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code unum} command: entry point of the CLI and of the daemon. */
@Command(name = "unum", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "unum 0.1.0",
    description = "Unum: a rack of servers as one machine (single-system-image cluster).",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, HostsCommand.class,
        NodesCommand.class,
        RunCommand.class, ConsoleCommand.class, BenchCommand.class, DaemonCommand.class,
        CommandLine.HelpCommand.class})
public final class UnumCli {
  static final String DEFAULT_API = "http://127.0.0.1:7070";

  @Option(names = "--api", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Orchestrator API to talk to (default: $UNUM_API or " + DEFAULT_API + ").")
  String api;

  ApiClient client() {
    String url = api != null ? api : System.getenv().getOrDefault("UNUM_API", DEFAULT_API);
    return new ApiClient(url);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new UnumCli());
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
