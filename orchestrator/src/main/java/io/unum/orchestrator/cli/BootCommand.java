package io.unum.orchestrator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum boot}: the cluster from powered off to its default run level, root node first. */
@Command(name = "boot", description = {"Boot the cluster to its default run level (3): the root node first, then",
    "the others in parallel; a node that fails is retried, then left out (the job says so)."})
final class BootCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Mixin
  JobOptions job;

  @Override
  public Integer call() throws Exception {
    return job.submit(cli, output, (client, key) -> client.boot(key));
  }
}
