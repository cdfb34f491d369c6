package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.UnumClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum api-doc}: the API's OpenAPI document as the orchestrator serves it. */
@Command(name = "api-doc", description = "Print the REST API's OpenAPI document (JSON; -o yaml).")
final class ApiDocCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    UnumClient client = cli.client();
    var document = client.openApi();
    if (!output.printedAsData(client.json(), document)) {
      System.out.println(client.json().writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }
    return 0;
  }
}
