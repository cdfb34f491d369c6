package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.ProcessesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unum kill [-SIG] CPID...}: kill(1) for the whole cluster. */
@Command(name = "kill", description = {"Send a signal (default TERM) to processes, wherever they run.",
    "Like kill(1): 'unum kill -9 131075', 'unum kill -s HUP 196610'. Exit code 0 when every",
    "process got it, 1 when any did not (no such process, not permitted)."})
final class KillCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Spec
  CommandSpec spec;

  @Option(names = {"-s", "--signal"}, paramLabel = "SIG", description = "Signal name or number (TERM, SIGHUP, 9).")
  String signal;

  @Option(names = {"-l", "--list"}, description = "List the signal names.")
  boolean list;

  /** CPIDs; kill(1)'s "-TERM"/"-9" comes here too (unmatched options are positional, see UnumCli). */
  @Parameters(paramLabel = "CPID", arity = "0..*", description = "Cluster PIDs (node N's are N*65536 and up).")
  List<String> targets = new ArrayList<>();

  @Override
  public Integer call() {
    if (list) {
      StringBuilder line = new StringBuilder();
      for (int number = 1; number <= Signals.MAX; number++) {
        line.append(String.format("%2d) %-10s", number, Signals.name(number)));
        if (number % 6 == 0 || number == Signals.MAX) {
          cli.out.println(line.toString().stripTrailing());
          line.setLength(0);
        }
      }
      return 0;
    }
    List<String> pids = new ArrayList<>(targets);
    String given = signal;
    if (given == null && !pids.isEmpty() && pids.get(0).startsWith("-")) {
      given = pids.remove(0).substring(1);
    }
    int number;
    try {
      number = Signals.number(given == null ? "TERM" : given);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (pids.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "name at least one process (CPID)");
    }
    // In a node: the target checks as kill(2) would for this user (root holds CAP_KILL).
    ProcessesClient.Sender sender = cli.caller == null ? null
        : new ProcessesClient.Sender(cli.caller.uid(), cli.caller.uid(), cli.caller.root());
    ClusterCalls calls = cli.calls();
    boolean failed = false;
    for (String pid : pids) {
      if (!pid.matches("\\d{1,7}")) {
        cli.err.println("unum: kill: '" + pid + "': not a process id");
        failed = true;
        continue;
      }
      try {
        calls.signal(Long.parseLong(pid), number, sender);
      } catch (ApiFailure e) {
        cli.err.println("unum: kill " + pid + ": " + CliFailure.from(e).getMessage());
        failed = true;
      }
    }
    return failed ? 1 : 0;
  }
}
