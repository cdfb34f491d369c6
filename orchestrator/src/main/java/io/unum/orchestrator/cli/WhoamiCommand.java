package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum whoami}: who the API takes this CLI for, with which role, through which credential. */
@Command(name = "whoami", description = "Who the API takes you for: user, role and the credential used.")
final class WhoamiCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    UnumClient client = cli.client();
    JsonNode session = client.session();
    if (!output.printedAsData(client.json(), session)) {
      cli.out.println(session.path("user").asText() + " (" + session.path("role").asText() + ") via "
          + session.path("via").asText());
    }
    return 0;
  }
}
