package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code unum up}: builds (or takes from cache) the node kernel and image, starts libvirt and
 * the orchestrator, and boots nodes 1..N, showing progress; ends with the node table.
 */
@Command(name = "up", description = {"Bring the cluster up on this host: build what is missing,",
    "start the daemons, boot nodes 1..N. On a running cluster it changes nothing."})
final class UpCommand implements Callable<Integer> {
  static final int MAX_NODES = 64;
  private static final long POLL_MILLIS = 200;
  private static final int NODES_TIMEOUT_SECONDS = 240;

  @Spec
  CommandSpec spec;

  @ParentCommand
  UnumCli cli;

  @Option(names = "--nodes", defaultValue = "3", paramLabel = "N",
      description = "How many nodes (1..64, default: ${DEFAULT-VALUE}).")
  int nodes;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new ParameterException(spec.commandLine(),
          "--nodes must be between 1 and " + MAX_NODES + ", got " + nodes);
    }
    Installation installation = Installation.locate();
    ApiClient client = cli.client();
    Phases phases = new Phases("unum up", 5, System.out);

    phases.begin("kernel");
    String kernel = installation.runScript("ssi-kernel-patches/build-kernel");
    phases.done(kernel);
    phases.begin("image");
    String image = installation.runScript("vm-images/build-image", "--agent-jar",
        installation.agentJar().toString());
    phases.done(image);
    phases.begin("libvirt");
    phases.done(installation.runScript("orchestrator/host/ensure-libvirt"));
    phases.begin("daemon");
    phases.done(new DaemonProcess(installation, client).ensure(kernel, image));

    phases.begin("nodes");
    JsonNode up = client.post("/api/v1/cluster/up", Map.of("nodes", nodes));
    boolean nothingChanged = up.path("created").isEmpty() && up.path("started").isEmpty();
    // Even when nothing changed, nodes may still be settling (adopted by a restarted daemon).
    JsonNode table = waitForNodes(client);
    int failed = 0;
    int running = 0;
    for (JsonNode node : table) {
      if (node.path("node").asInt() <= nodes) {
        failed += "failed".equals(node.path("state").asText()) ? 1 : 0;
        running += "running".equals(node.path("state").asText()) ? 1 : 0;
      }
    }
    phases.done(nothingChanged ? "already up: nothing changed" : running + " of " + nodes + " running");
    System.out.println();
    NodesCommand.print(table, System.out);
    System.out.printf("%nunum up: %d of %d nodes running in %.1f s%n", running, nodes, phases.elapsedSeconds());
    if (failed > 0) {
      throw new CliFailure(failed + " node(s) failed to boot; see their console tails above");
    }
    return running == nodes ? 0 : 1;
  }

  /** Polls the node list until nodes 1..N are all running or failed, printing changes. */
  private JsonNode waitForNodes(ApiClient client) throws InterruptedException {
    long started = System.nanoTime();
    String last = "";
    while (true) {
      JsonNode list = client.get("/api/v1/nodes");
      Map<String, Integer> byState = new TreeMap<>();
      int settled = 0;
      for (JsonNode node : list) {
        if (node.path("node").asInt() > nodes) {
          continue;
        }
        String state = node.path("state").asText();
        byState.merge(state, 1, Integer::sum);
        settled += state.equals("running") || state.equals("failed") ? 1 : 0;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String summary = byState.toString().replace("{", "").replace("}", "").replace("=", ": ");
      if (!summary.equals(last)) {
        System.out.printf("unum up:       nodes %s (%.1f s)%n", summary, seconds);
        last = summary;
      }
      if (settled == nodes) {
        return list;
      }
      if (seconds > NODES_TIMEOUT_SECONDS) {
        throw new CliFailure("nodes did not settle within " + NODES_TIMEOUT_SECONDS + " s; see 'unum nodes'");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
