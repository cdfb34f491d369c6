package io.unum.orchestrator.cli;

import io.unum.orchestrator.runlevel.RunLevels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code unum init N}: init(8)'s run-level change, for the whole cluster. */
@Command(name = "init", description = {"Change the cluster's run level, as a job: 0 halt, 1 single-user (root node",
    "only), 2/3 multi-user (every node), 5 = 3 with the console, 6 reboot (root last down, first up)."})
final class InitCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Spec
  CommandSpec spec;

  @Mixin
  OutputOption output;

  @Parameters(paramLabel = "LEVEL", description = "0, 1, 2, 3, 5 or 6.")
  int level;

  @Mixin
  JobOptions job;

  @Override
  public Integer call() throws Exception {
    try {
      RunLevels.require(level);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return job.submit(cli, output, (client, key) -> client.setRunLevel(level, key));
  }
}
