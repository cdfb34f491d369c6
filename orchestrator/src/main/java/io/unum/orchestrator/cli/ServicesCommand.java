package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum services}: every cluster service, one line per instance: where it runs and how. */
@Command(name = "services", description = "List the cluster's services and where each runs.")
final class ServicesCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode services = calls.services();
    if (output.printedAsData(calls.json(), services)) {
      return 0;
    }
    if (services.isEmpty()) {
      cli.out.println("no services (declare one with 'unum service create NAME -- COMMAND')");
      return 0;
    }
    table(services).print(cli.out);
    return 0;
  }

  /** One row per instance (or one for a service that runs nowhere). */
  static Table table(Iterable<JsonNode> services) {
    long now = System.currentTimeMillis();
    Table table = new Table("SERVICE", "STATE", "PLACEMENT", "LEVELS", "NODE", "INSTANCE", "PID", "RESTARTS", "SINCE",
        "MESSAGE");
    for (JsonNode service : services) {
      JsonNode spec = service.path("spec");
      String placement = spec.path("placement").asText()
          + (spec.hasNonNull("node") ? " " + spec.get("node").asInt() : "");
      List<String> levels = new ArrayList<>();
      spec.path("runLevels").forEach(level -> levels.add(level.asText()));
      String message = service.hasNonNull("message") ? service.get("message").asText() : "";
      if (service.path("instances").isEmpty()) {
        table.row(service.path("name").asText(), service.path("state").asText(), placement, String.join(",", levels),
            "-", "-", "-", "-", "-", message);
      }
      for (JsonNode instance : service.path("instances")) {
        table.row(service.path("name").asText(), service.path("state").asText(), placement,
            String.join(",", levels), "node" + instance.path("node").asInt(), instance.path("state").asText(),
            instance.path("pid").asLong() == 0 ? "-" : instance.path("pid").asText(),
            instance.path("restarts").asText(), JobsCommand.age(now - instance.path("sinceMillis").asLong()),
            instance.hasNonNull("message") ? instance.get("message").asText() : message);
      }
    }
    return table;
  }
}
