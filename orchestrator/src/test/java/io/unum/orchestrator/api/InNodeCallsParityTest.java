package io.unum.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.unum.agent.protocol.ErrorCode;
import io.unum.orchestrator.agentlink.AgentRequestException;
import io.unum.orchestrator.audit.AuditQueue;
import io.unum.orchestrator.audit.AuditRecord;
import io.unum.orchestrator.cli.UnumCli;
import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.client.HttpClusterCalls;
import io.unum.orchestrator.client.UnumClient;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.innode.NodeUser;
import io.unum.orchestrator.innode.PeerHosts;
import io.unum.orchestrator.innode.ServiceCalls;
import io.unum.orchestrator.innode.SignalRoute;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.processes.NodeProcesses;
import io.unum.orchestrator.processes.ProcessInfo;
import io.unum.orchestrator.services.ServiceSpec;
import io.unum.orchestrator.testing.Await;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
import io.unum.orchestrator.testing.MemoryAuditLog;
import io.unum.orchestrator.testing.MemoryEventLog;
import io.unum.orchestrator.testing.TestAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command typed in a node is answered by its host's services in-process ({@link ServiceCalls}):
 * it must print what the same command prints through the API, and refuse what the API refuses.
 */
class InNodeCallsParityTest {
  private static final Set<String> VERBS = Set.of("ps", "kill", "run", "nodes", "uptime", "hosts", "jobs", "services", "logs");
  private static final long ROOTS = 65537;
  private static final long USERS = 131074;

  @TempDir
  Path dir;

  private final InMemoryClusterStore store = new InMemoryClusterStore();
  private final InMemoryProcessStore table = new InMemoryProcessStore();
  private final MemoryEventLog events = new MemoryEventLog();
  private final TestAccess access = TestAccess.create();
  private final Metrics metrics = new Metrics();
  private ApiServer api;
  private final MemoryAuditLog inNodeAudit = new MemoryAuditLog();
  private final AuditQueue inNodeQueue = new AuditQueue(inNodeAudit);
  private ClusterCalls http;
  private ServiceCalls direct;

  @BeforeEach
  void start() {
    // The target's agent, as the kernel would: only root (CAP_KILL) may signal root's processes.
    LoopbackApi.Services services = LoopbackApi.Services.over(dir, store, table, (node, pid, signal, sender) -> {
      if (pid == ROOTS && sender != null && !sender.capKill()) {
        throw new AgentRequestException(ErrorCode.NOT_PERMITTED, "operation not permitted");
      }
    }, events);
    api = LoopbackApi.start(services, events, new MemoryAuditLog(), access, metrics);
    http = new HttpClusterCalls(new UnumClient("http://127.0.0.1:" + api.port(),
        () -> Optional.of(access.credential().token())));
    PeerHosts peers = new PeerHosts(access.credential());
    direct = new ServiceCalls(services.processes(), services.nodes(), services.hosts(), services.jobs(),
        services.services(), null, new SignalRoute(services.processes(), services.nodes(), peers), peers, inNodeQueue,
        LoopbackApi.HOST);
    for (int node : List.of(1, 2)) {
      store.createSpec(NodeSpec.withDefaults(node).withLabels(Map.of("role", node == 1 ? "web" : "db")));
      store.updateStatus(node, s -> NodeStatus.initial(node, NodeState.BOOTING, LoopbackApi.HOST, "unum-node" + node,
          null, null, 1).booting(1).running(null, 2));
    }
    table.put(new NodeProcesses(1, 5, List.of(
        new ProcessInfo(1, ROOTS, 65536, 0, "root", "S", 0.5, 2048, 1000, "/sbin/unum-init", false),
        new ProcessInfo(1, 65538, 2, 0, "root", "I", 0, 0, 1000, "[kworker/0:1]", true))));
    table.put(new NodeProcesses(2, 5, List.of(
        new ProcessInfo(2, USERS, 131073, 1000, "ann", "R", 12.5, 4096, 2000, "sleep 600", false))));
    services.services().create(new ServiceSpec("web", List.of("sleep", "300"), null, null, null, null, null, null,
        List.of(), null, 0));
    services.services().logs("web").append("web", 1, "stdout", List.of("listening on :80", "GET /"), 0);
    services.services().logs("web").append("web", 2, "stderr", List.of("no route to db"), 0);
  }

  @AfterEach
  void stop() {
    inNodeQueue.close();
    api.close();
    metrics.close();
  }

  @Test
  void everyReadingVerbPrintsWhatTheApiWouldHavePrinted() {
    NodeUser user = new NodeUser(1000, 1000);
    for (List<String> command : List.of(List.of("ps"), List.of("ps", "-e", "-f"), List.of("ps", "--node", "2"),
        List.of("ps", "-o", "json"), List.of("nodes"), List.of("nodes", "--state", "running"),
        List.of("nodes", "-l", "role=web"), List.of("nodes", "--on", "elsewhere"), List.of("nodes", "-o", "yaml"),
        List.of("uptime", "-o", "json"), List.of("hosts", "-o", "json"), List.of("jobs"),
        List.of("jobs", "--state", "queued", "-o", "json"), List.of("services", "-o", "json"),
        List.of("logs", "web"), List.of("logs", "web", "--tail", "1", "-t"), List.of("logs", "web", "--node", "2"),
        List.of("logs", "web", "-o", "json"))) {
      Result overHttp = run(http, user, command);
      Result inProcess = run(direct.by(1, user), user, command);

      assertThat(overHttp.code()).as("%s through the API: %s", command, overHttp.err()).isZero();
      assertThat(overHttp.out()).as("%s through the API", command).isNotBlank();
      assertThat(inProcess).as("%s in-process", command).isEqualTo(overHttp);
    }
    assertThat(run(direct.by(1, user), user, List.of("ps", "-e")).out()).contains("/sbin/unum-init", "[kworker/0:1]", "sleep 600");
    assertThat(run(direct.by(1, user), user, List.of("nodes", "-l", "role=web", "-o", "json")).out()).contains("\"web\"")
        .doesNotContain("\"db\"");
  }

  @Test
  void badArgumentsAreRefusedAsTheApiRefusesThemNamingWhatIsWrong() {
    NodeUser user = new NodeUser(1000, 1000);
    Map<List<String>, String> named = Map.ofEntries(
        Map.entry(List.of("ps", "--node", "0"), "node"),
        Map.entry(List.of("ps", "--node", "99999"), "node"),
        Map.entry(List.of("jobs", "--node", "-3"), "node"),
        Map.entry(List.of("nodes", "--state", "bogus"), "state"),
        Map.entry(List.of("jobs", "--state", "later"), "state"),
        Map.entry(List.of("nodes", "-l", "BAD KEY"), "label"),
        Map.entry(List.of("nodes", "--on", "h".repeat(300)), "host"),
        Map.entry(List.of("logs", "Web!"), "service"),
        Map.entry(List.of("logs", "nosuch"), "nosuch"),
        Map.entry(List.of("logs", "web", "--tail", "20000"), "tail"),
        Map.entry(List.of("run", "--node", "0", "--", "true"), "node"),
        Map.entry(List.of("run", "--node", "7", "--", "true"), "node 7"));
    named.forEach((command, what) -> {
      Result overHttp = run(http, user, command);
      Result inProcess = run(direct.by(1, user), user, command);

      assertThat(overHttp.code()).as("%s through the API: %s", command, overHttp.err()).isEqualTo(1);
      assertThat(inProcess.code()).as("%s in-process: %s", command, inProcess.err()).isEqualTo(1);
      assertThat(inProcess.err()).as("%s in-process", command).containsIgnoringCase(what);
      assertThat(inProcess.out()).isEmpty();
    });
  }

  @Test
  void killChecksTheSenderAndNamesWhatFailedLikeTheApi() {
    NodeUser user = new NodeUser(1000, 1000);
    for (List<String> command : List.of(List.of("kill", String.valueOf(USERS)), List.of("kill", "-9", "262145"),
        List.of("kill", String.valueOf(ROOTS)), List.of("kill", "-0", String.valueOf(ROOTS), String.valueOf(USERS)))) {
      Result overHttp = run(http, user, command);
      Result inProcess = run(direct.by(1, user), user, command);

      assertThat(inProcess).as("%s in-process", command).isEqualTo(overHttp);
    }
    assertThat(run(direct.by(1, user), user, List.of("kill", String.valueOf(ROOTS))).err())
        .contains("kill " + ROOTS + ": ").containsIgnoringCase("not permitted");
    assertThat(run(direct.by(1, new NodeUser(0, 0)), new NodeUser(0, 0), List.of("kill", String.valueOf(ROOTS))).code())
        .as("root holds CAP_KILL").isZero();
    Await.until("the in-node kills in the audit log", Duration.ofSeconds(10), () -> inNodeAudit.all().size() >= 7);
    assertThat(inNodeAudit.all()).extracting(AuditRecord::user, AuditRecord::role, AuditRecord::from, AuditRecord::path,
        AuditRecord::status, AuditRecord::outcome).startsWith(
        tuple("node1.uid1000", "node user", "node 1", "/api/v1/processes/" + USERS + "/signal", 200, "ok"),
        tuple("node1.uid1000", "node user", "node 1", "/api/v1/processes/262145/signal", 404, "failed"),
        tuple("node1.uid1000", "node user", "node 1", "/api/v1/processes/" + ROOTS + "/signal", 403, "refused"))
        .contains(tuple("node1.uid0", "node root", "node 1", "/api/v1/processes/" + ROOTS + "/signal", 200, "ok"));
  }

  private record Result(int code, String out, String err) {}

  private static Result run(ClusterCalls calls, NodeUser user, List<String> command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = UnumCli.runFor(user, calls, VERBS,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        command);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
