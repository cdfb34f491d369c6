package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum console N}: the tail of a node's serial console. */
@Command(name = "console", description = "Print the tail of a node's console log.")
final class ConsoleCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Parameters(index = "0", paramLabel = "NODE", description = "Node number.")
  int node;

  @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines (default: ${DEFAULT-VALUE}).")
  int lines;

  @Override
  public Integer call() {
    JsonNode answer = cli.client().nodes().console(node, lines);
    for (JsonNode line : answer.path("lines")) {
      System.out.println(line.asText());
    }
    return 0;
  }
}
