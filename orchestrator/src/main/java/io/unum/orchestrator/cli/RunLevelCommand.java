package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code unum runlevel}: runlevel(8) for the cluster: the previous level (N for none), then the current one. */
@Command(name = "runlevel", description = "Print the cluster's previous and current run level, like runlevel(8).")
final class RunLevelCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Override
  public Integer call() {
    JsonNode cluster = cli.calls().cluster();
    JsonNode previous = cluster.path("previousRunLevel");
    cli.out.println((previous.isInt() ? previous.asText() : "N") + " " + cluster.path("runLevel").asInt());
    return 0;
  }
}
