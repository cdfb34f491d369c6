package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.cluster.PidSpace;
import java.util.Map;
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
  @Spec
  CommandSpec spec;

  @ParentCommand
  UnumCli cli;

  @Option(names = "--nodes", defaultValue = "3", paramLabel = "N",
      description = "How many nodes (1..63 with the default pid-range; default: ${DEFAULT-VALUE}).")
  int nodes;

  @Override
  public Integer call() throws Exception {
    // Before anything is built: the cluster's PID space says how many nodes it can have.
    DaemonCommand configured = DaemonCommand.configured();
    PidSpace pids = configured.pidSpace();
    if (nodes < 1 || nodes > pids.maxNodes()) {
      throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and " + pids.maxNodes()
          + " (pid-range " + pids.range() + " in " + ConfigLocation.DEFAULT + " or its default), got " + nodes);
    }
    Installation installation = Installation.locate();
    UnumClient client = cli.client();
    Phases phases = new Phases("unum up", 5, System.out);

    NodeArtifacts artifacts = NodeArtifacts.build(installation, phases);
    phases.begin("libvirt");
    Map<String, String> libvirtEnv = configured.diskLockspace()
        .map(dir -> Map.of("UNUM_LIBVIRT_LOCKSPACE", dir.toString())).orElse(Map.of());
    phases.done(installation.runScript(libvirtEnv, Installation.HOST_SCRIPT, "orchestrator/host/ensure-libvirt"));
    phases.begin("daemon");
    phases.done(new DaemonProcess(installation, client).ensure(artifacts.kernel(), artifacts.image()));

    phases.begin("nodes");
    JsonNode up = client.up(nodes);
    boolean nothingChanged = up.path("created").isEmpty() && up.path("started").isEmpty();
    // Even when nothing changed, nodes may still be settling (adopted by a restarted daemon).
    JsonNode table = NodeProgress.await(client, nodes, "unum up");
    int failed = NodeProgress.count(table, nodes, "failed");
    int running = NodeProgress.count(table, nodes, "running");
    phases.done(nothingChanged ? "already up: nothing changed" : running + " of " + nodes + " running");
    System.out.println();
    NodesCommand.print(table, System.out);
    System.out.printf("%nunum up: %d of %d nodes running in %.1f s%n", running, nodes, phases.elapsedSeconds());
    if (failed > 0) {
      throw new CliFailure(failed + " node(s) failed to boot; see their console tails above");
    }
    return running == nodes ? 0 : 1;
  }
}
