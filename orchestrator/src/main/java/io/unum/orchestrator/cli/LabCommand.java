package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.lab.DockerCli;
import io.unum.orchestrator.lab.Lab;
import io.unum.orchestrator.lab.LabLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code unum lab}: a multi-host cluster on this one machine, each host a Docker container
 * (unum-host-1..H) with libvirt, QEMU and an orchestrator; plus fault tools for tests and demos.
 */
@Command(name = "lab", description = "A cluster of simulated hosts (Docker containers) on this machine.",
    subcommands = {LabCommand.Up.class, LabCommand.Status.class, LabCommand.Down.class,
        LabCommand.Kill.class, LabCommand.Restart.class, LabCommand.Stop.class, LabCommand.Start.class,
        LabCommand.Partition.class, LabCommand.Heal.class})
final class LabCommand {
  private static final int HOSTS_TIMEOUT_SECONDS = 180;
  /** How long every host must have stayed up before the lab counts as up: past the suspect verdict's 3 s. */
  private static final long STEADY_MILLIS = 5_000;

  static Lab lab() {
    Installation installation = Installation.locate();
    return new Lab(new DockerCli(), new LabLayout(LabLayout.DIR), installation.home(),
        (caDir, name, addresses, into) -> TlsCommand.issue(installation, caDir, name, addresses, into));
  }

  /** A client of host {@code host}'s API, with that host's own admin credential. */
  static UnumClient client(int host) {
    Path token = new LabLayout(LabLayout.DIR).adminToken(host);
    return new UnumClient(LabLayout.apiUrl(host), () -> CliCredential.read(token));
  }

  /** Runs a lab operation, turning its refusals into CLI errors. */
  static <T> T attempt(Callable<T> operation) throws Exception {
    try {
      return operation.call();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  @Command(name = "up", description = {"Start (or grow) a lab of H hosts, then boot nodes 1..N on it.",
      "Builds what is missing; the host image is cached by its recipe."})
  static final class Up implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hosts", defaultValue = "3", paramLabel = "H",
        description = "How many hosts (1.." + LabLayout.MAX_HOSTS + ", default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--nodes", defaultValue = "0", paramLabel = "N",
        description = "Nodes to boot once the hosts are up (0..1023, default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--fencing", defaultValue = "lease", paramLabel = "lease|off",
        description = "The hosts' 'fencing' setting: lease runs nodes only under a lease from the majority and"
            + " restarts a lost host's nodes elsewhere (default: ${DEFAULT-VALUE}; a lab keeps the one it started with).")
    String fencing;

    @Override
    public Integer call() throws Exception {
      try {
        LabLayout.checkHostCount(hosts);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (!fencing.equals("off") && !fencing.equals("lease")) {
        throw new ParameterException(spec.commandLine(), "--fencing must be off or lease, got '" + fencing + "'");
      }
      if (nodes < 0 || nodes > LabLayout.PIDS.maxNodes()) {
        throw new ParameterException(spec.commandLine(), "--nodes must be 0.." + LabLayout.PIDS.maxNodes() + ", got " + nodes);
      }
      try {
        lab().checkFencing(fencing.equals("lease")); // before minutes of building
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      Installation installation = Installation.locate();
      Phases phases = new Phases("unum lab up", nodes > 0 ? 6 : 5, System.out);
      NodeArtifacts artifacts = NodeArtifacts.build(installation, phases);
      phases.begin("host image");
      String hostImage = installation.runScript(Installation.IMAGE_BUILD, "orchestrator/lab/build-host-image");
      phases.done(hostImage);
      phases.begin("hosts");
      Map<String, String> done = attempt(() -> lab().up(hosts, hostImage, Path.of(artifacts.kernel()), Path.of(artifacts.image()),
          fencing.equals("lease")));
      phases.done(done.toString().replace("{", "").replace("}", "").replace("=", ": "));
      phases.begin("control plane");
      JsonNode hostList = awaitControlPlane(hosts);
      phases.done(hosts + " hosts up, leader " + client(1).cluster().path("leader").asText());
      if (nodes > 0) {
        phases.begin("nodes");
        client(1).up(nodes);
        JsonNode table = NodeProgress.await(client(1), nodes, "unum lab up");
        phases.done(NodeProgress.count(table, nodes, "running") + " of " + nodes + " running");
        hostList = client(1).hosts().list();
      }
      System.out.println();
      HostsCommand.print(hostList, System.out);
      System.out.printf("%nunum lab up: %d hosts in %.1f s; consoles at %s ... %s%n", hosts,
          phases.elapsedSeconds(), LabLayout.apiUrl(1), LabLayout.apiUrl(hosts));
      System.out.println("unum lab up: talk to any host with 'unum --host 127.0.0.1:"
          + LabLayout.apiPort(1) + " nodes' (or UNUM_HOST)");
      return 0;
    }

    /**
     * Waits until every host's API answers (its daemon finished starting) and host 1 has seen all
     * {@code count} hosts up with a leader for {@link #STEADY_MILLIS} since (writes need a majority,
     * which the CP group has only once it formed); returns its host list. Up once is not enough: a
     * host still starting can miss its beats and turn suspect (seen in CI: host 3 silent for 3 s
     * while its daemon started, 2 s before it was ready), and nodes placed then would all avoid it.
     */
    private static JsonNode awaitControlPlane(int count) throws InterruptedException {
      long deadline = System.nanoTime() + HOSTS_TIMEOUT_SECONDS * 1_000_000_000L;
      long upSince = -1;
      while (System.nanoTime() < deadline) {
        UnumClient first = client(1);
        if (first.reachable()) {
          JsonNode hosts = first.hosts().list();
          int up = 0;
          for (JsonNode host : hosts) {
            up += "up".equals(host.path("state").asText()) ? 1 : 0;
          }
          if (up >= count && first.cluster().hasNonNull("leader") && everyApiAnswers(count)) {
            upSince = upSince < 0 ? System.nanoTime() : upSince;
            if (System.nanoTime() - upSince >= STEADY_MILLIS * 1_000_000L) {
              return hosts;
            }
          } else {
            upSince = -1;
          }
        }
        Thread.sleep(200);
      }
      throw new CliFailure("the lab's hosts did not all come up with a leader within " + HOSTS_TIMEOUT_SECONDS
          + " s; see 'unum lab status' and the logs under " + LabLayout.DIR.resolve("hosts"));
    }

    private static boolean everyApiAnswers(int count) {
      return IntStream.rangeClosed(1, count).allMatch(host -> client(host).reachable());
    }
  }

  @Command(name = "status", description = "The lab's hosts: container, orchestrator, API URL.")
  static final class Status implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Lab lab = lab();
      List<String> hosts = lab.hosts();
      if (hosts.isEmpty()) {
        System.out.println("no lab; start one with 'unum lab up'");
        return 0;
      }
      Table table = new Table("HOST", "CONTAINER", "ORCHESTRATOR", "ADDRESS", "API");
      for (String host : hosts) {
        int number = LabLayout.number(host);
        String container = lab.state(host);
        String orchestrator = !container.equals("running") ? "-"
            : client(number).reachable() ? "up" : lab.orchestratorRuns(host) ? "starting" : "down";
        table.row(host, container, orchestrator, LabLayout.address(number), LabLayout.apiUrl(number));
      }
      table.print(System.out);
      return 0;
    }
  }

  @Command(name = "down", description = "Remove every lab host, the lab network and the lab's files.")
  static final class Down implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      List<String> removed = attempt(() -> lab().down());
      System.out.println(removed.isEmpty() ? "no lab hosts to remove" : "removed " + String.join(", ", removed));
      return 0;
    }
  }

  @Command(name = "kill", description = {"kill -9 a host's orchestrator (its nodes keep running; with fencing,",
      "its watchdog kills them once its lease runs out, 18 s after its last renewal)."})
  static final class Kill implements Callable<Integer> {
    @Parameters(paramLabel = "HOST", description = "e.g. unum-host-1")
    String host;

    @Override
    public Integer call() throws Exception {
      attempt(() -> {
        lab().kill(host);
        return null;
      });
      System.out.println("killed the orchestrator of " + host);
      return 0;
    }
  }

  @Command(name = "restart", description = {"Restart a host's orchestrator ('unum restart' in it): its nodes keep",
      "running (with fencing, its lease holds 60 s for the restart)."})
  static final class Restart implements Callable<Integer> {
    @Parameters(paramLabel = "HOST", description = "e.g. unum-host-1")
    String host;

    @Override
    public Integer call() throws Exception {
      System.out.println(attempt(() -> lab().restart(host)));
      return 0;
    }
  }

  @Command(name = "stop", description = "Stop a whole host (its container: orchestrator, libvirt, nodes).")
  static final class Stop implements Callable<Integer> {
    @Parameters(paramLabel = "HOST")
    String host;

    @Override
    public Integer call() throws Exception {
      attempt(() -> {
        lab().stop(host);
        return null;
      });
      System.out.println("stopped " + host);
      return 0;
    }
  }

  @Command(name = "start", description = "Start a stopped host, or the orchestrator of a killed one.")
  static final class Start implements Callable<Integer> {
    @Parameters(paramLabel = "HOST")
    String host;

    @Override
    public Integer call() throws Exception {
      System.out.println(host + ": " + attempt(() -> lab().start(host)));
      return 0;
    }
  }

  @Command(name = "partition", description = "Cut these hosts off from the others (both ways).")
  static final class Partition implements Callable<Integer> {
    @Parameters(paramLabel = "HOST", arity = "1..*")
    List<String> hosts;

    @Override
    public Integer call() throws Exception {
      attempt(() -> {
        lab().partition(hosts);
        return null;
      });
      System.out.println("partitioned " + String.join(", ", hosts) + " from the other hosts; undo with 'unum lab heal'");
      return 0;
    }
  }

  @Command(name = "heal", description = "Remove every partition.")
  static final class Heal implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      attempt(() -> {
        lab().heal();
        return null;
      });
      System.out.println("healed: every host reaches every other");
      return 0;
    }
  }
}
