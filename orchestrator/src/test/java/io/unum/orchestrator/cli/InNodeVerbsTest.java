package io.unum.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.client.HttpClusterCalls;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.innode.NodeUser;
import io.unum.orchestrator.testing.CannedApi;
import io.unum.orchestrator.testing.CannedApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The in-node verbs run inside the orchestrator for a node's user: what they print must reach
 * that user's streams, never the orchestrator's own (its log).
 */
class InNodeVerbsTest {
  @Test
  void everyReadingVerbPrintsToTheNodeUsersStreamOnly() throws Exception {
    PrintStream daemonOut = System.out;
    ByteArrayOutputStream leaked = new ByteArrayOutputStream();
    try (CannedApi api = new CannedApi()) {
      api.answer("GET", "/api/v1/hosts", Answer.json(200, "[{\"name\": \"h1\", \"state\": \"up\", \"nodes\": [1]}]"))
          .answer("GET", "/api/v1/status",
              Answer.json(200, "{\"host\": {\"name\": \"h1\"}, \"cluster\": {\"name\": \"c\"}}"))
          .answer("GET", "/api/v1/cluster", Answer.json(200, "{\"runLevel\": 3}"))
          .answer("GET", "/api/v1/jobs", Answer.json(200, "[]"))
          .answer("GET", "/api/v1/nodes", Answer.json(200, "[]"))
          .answer("GET", "/api/v1/processes", Answer.json(200, "[]"))
          .answer("GET", "/api/v1/services", Answer.json(200, "[]"));
      System.setOut(new PrintStream(leaked, true, StandardCharsets.UTF_8));
      for (String verb : List.of("hosts", "status", "runlevel", "jobs", "nodes", "uptime", "ps", "services")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = UnumCli.runFor(new NodeUser(1000, 1000),
            new HttpClusterCalls(new UnumClient(api.base(), () -> Optional.of("host-token"))), Set.of(verb),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            List.of(verb));
        assertThat(code).as("in-node 'unum %s': %s", verb, err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).as("what in-node 'unum %s' printed", verb).isNotBlank();
      }
    } finally {
      System.setOut(daemonOut);
    }
    assertThat(leaked.toString(StandardCharsets.UTF_8)).as("printed to the orchestrator's own stdout").isEmpty();
  }
}
