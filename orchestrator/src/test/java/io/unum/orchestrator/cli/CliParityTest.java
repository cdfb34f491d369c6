package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.api.ApiContract;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every REST operation has a CLI verb: a new route without one fails here. */
class CliParityTest {
  /** operationId -> the verb that calls it. */
  private static final Map<String, String> VERBS = new TreeMap<>(Map.ofEntries(
      Map.entry("getOpenApi", "api-doc"),
      Map.entry("getStatus", "status"),
      Map.entry("getCluster", "status"),
      Map.entry("clusterUp", "up"),
      Map.entry("clusterDown", "down"),
      Map.entry("listHosts", "hosts"),
      Map.entry("getHost", "host get"),
      Map.entry("setHostMaintenance", "host maintenance"),
      Map.entry("drainHost", "host drain"),
      Map.entry("getBalancer", "balancer"),
      Map.entry("updateBalancer", "balancer set"),
      Map.entry("getLatestBenchReport", "bench report"),
      Map.entry("listNodes", "nodes"),
      Map.entry("createNode", "node create"),
      Map.entry("getNode", "node get"),
      Map.entry("updateNode", "node update"),
      Map.entry("deleteNode", "node delete"),
      Map.entry("startNode", "node start"),
      Map.entry("stopNode", "node stop"),
      Map.entry("rebootNode", "node reboot"),
      Map.entry("migrateNode", "node migrate"),
      Map.entry("execNode", "run"),
      Map.entry("getConsole", "console"),
      Map.entry("listJobs", "jobs"),
      Map.entry("getJob", "job"),
      Map.entry("cancelJob", "job"),
      Map.entry("streamEvents", "events"),
      Map.entry("getMetrics", "metrics"),
      Map.entry("listProcesses", "ps"),
      Map.entry("runProcess", "run"),
      Map.entry("signalProcess", "kill"),
      Map.entry("setRunLevel", "init"),
      Map.entry("bootCluster", "boot"),
      Map.entry("listServices", "services"),
      Map.entry("createService", "service create"),
      Map.entry("getService", "service get"),
      Map.entry("replaceService", "service update"),
      Map.entry("deleteService", "service delete"),
      Map.entry("restartService", "service restart"),
      Map.entry("getServiceLogs", "logs"),
      Map.entry("getSession", "whoami"),
      Map.entry("listAudit", "audit"),
      Map.entry("createToken", "token create"),
      Map.entry("listTokens", "token list"),
      Map.entry("revokeToken", "token revoke"),
      Map.entry("listUsers", "user list"),
      Map.entry("createUser", "user add"),
      Map.entry("setUserPassword", "user passwd"),
      Map.entry("deleteUser", "user remove")));
  /** Operations for others than people at a terminal: probes, and the console's sign-in and sign-out. */
  private static final List<String> NOT_FOR_THE_CLI = List.of("getHealth", "createSession", "deleteSession");

  @Test
  void everyOperationOfTheContractHasAVerbThatExists() {
    JsonObject paths = ApiContract.document().getJsonObject("paths");
    List<String> operations = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (paths.getJsonObject(path).getValue(method) instanceof JsonObject operation
            && operation.containsKey("operationId")) {
          operations.add(operation.getString("operationId"));
          operations.removeAll(NOT_FOR_THE_CLI);
        }
      }
    }
    assertThat(VERBS.keySet()).as("operations with a verb").containsExactlyInAnyOrderElementsOf(operations);
    CommandLine root = UnumCli.withEveryVerb();
    VERBS.forEach((operation, verb) -> {
      CommandLine command = root;
      for (String word : verb.split(" ")) {
        assertThat(command.getSubcommands()).as("'unum %s' for %s", verb, operation).containsKey(word);
        command = command.getSubcommands().get(word);
      }
    });
  }
}
