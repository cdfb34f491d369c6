package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ExecInContainerPattern;

/**
 * The run's host lab: Docker containers playing physical hosts, started once by
 * {@code ./unum lab up} and shared by every test class annotated {@link UnumLab}. Tests reach
 * the hosts' APIs, the CLI, and (through Testcontainers' Docker client) the hosts themselves.
 * When the run ends, every host's orchestrator log and every node's console are copied to
 * {@code target/lab-logs/}, then {@code ./unum lab down} removes the lab.
 */
public final class HostLab implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  private static final Path LOGS = Path.of("target", "lab-logs");
  /** The lab's files on this machine. */
  private static final LabLayout LAYOUT = new LabLayout(LabLayout.DIR);
  /** Where every node's disk and serial console are: NodePaths' disk dirs on the lab's shared folder. */
  private static final Path DISKS = LAYOUT.shared().resolve("disks");
  /**
   * The lab's hosts fence (leases, self-fencing, recovery elsewhere), as a host does by default;
   * said outright so that every lab test stays evidence that fencing keeps healthy nodes alive
   * through restarts, partitions and busy moves.
   */
  private static final String FENCING = "lease";

  private final DockerClient docker = DockerClientFactory.instance().client();
  private int hosts;
  private final int nodes;
  /** The test class the lab was last handed to. */
  private Class<?> holder;

  private HostLab(int hosts, int nodes) {
    this.hosts = hosts;
    this.nodes = nodes;
  }

  /**
   * JUnit extension: hands the shared lab to the constructors and methods that ask for it, and
   * restores it after a test that failed, so one failure (a run level left at 1, a node left
   * stopped) costs that test, not every later test of its class.
   */
  public static final class Extension implements ParameterResolver, AfterTestExecutionCallback {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == HostLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return shared(context);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws InterruptedException {
      HostLab lab = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).get(HostLab.class, HostLab.class);
      if (lab != null && context.getExecutionException().isPresent()) {
        System.out.printf("[lab] %s failed: restoring the lab for the next test%n", context.getDisplayName());
        lab.restore();
      }
    }
  }

  /** The run's lab, started on first use, with at least the hosts the test class asks for. */
  static HostLab shared(ExtensionContext context) {
    UnumLab wanted = context.getRequiredTestClass().getAnnotation(UnumLab.class);
    int hosts = wanted == null ? 3 : wanted.hosts();
    int nodes = wanted == null ? 3 : wanted.nodes();
    HostLab lab = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(HostLab.class, key -> start(hosts, nodes), HostLab.class);
    lab.ensureHosts(hosts);
    lab.handTo(context.getRequiredTestClass());
    return lab;
  }

  /**
   * Each test class gets the lab whole, as {@link UnumLab} promises: a class before it may have
   * killed a host with a node on it (that node stays failed until asked to start) or left the
   * run level elsewhere. Checked once per class; restoring prints what it did.
   */
  private synchronized void handTo(Class<?> testClass) {
    if (testClass.equals(holder)) {
      return;
    }
    holder = testClass;
    try {
      restore();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while restoring the lab", e);
    }
  }

  /** Brings the lab back to run level 3 with nodes 1..N running; does nothing when it is so. */
  synchronized void restore() throws InterruptedException {
    Api api = IntStream.rangeClosed(1, hosts).mapToObj(this::api).filter(Api::reachable).findFirst()
        .orElseThrow(() -> new AssertionError("no lab host answers"));
    List<Integer> down = IntStream.rangeClosed(1, nodes)
        .filter(n -> !api.node(n).path("state").asText().equals("running")).boxed().toList();
    int level = api.get("/api/v1/cluster").body().path("runLevel").asInt(3);
    long t0 = System.nanoTime();
    awaitWholeControlPlane();
    if (down.isEmpty() && level == 3) {
      return;
    }
    if (level != 3) {
      assertThat(api.put("/api/v1/cluster/runlevel", "{\"level\": 3}").status()).as("run level 3 asked").isEqualTo(202);
    }
    Await.until("run level 3", Duration.ofSeconds(180),
        () -> api.get("/api/v1/cluster").body().path("runLevel").asInt() == 3);
    for (int node : down) {
      if (!api.node(node).path("state").asText().equals("running")) {
        api.post("/api/v1/nodes/" + node + "/start", null);
      }
    }
    Await.until("nodes 1.." + nodes + " running, their agents answering", Duration.ofSeconds(240), () -> IntStream.rangeClosed(1, nodes)
        .allMatch(n -> api.node(n).path("state").asText().equals("running") && api.run(n, "true").exit() == 0), this::describe);
    System.out.printf("[lab] restored for the next class: run level %d -> 3, nodes %s started again, in %.1f s%n",
        level, down, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The lab as its hosts report it now, for a wait that failed: each host's fencing, each node's
   * state and host, with the error and last console line of a node that has one. CI keeps only
   * what a run prints, so this is what explains a failure there.
   */
  String describe() {
    List<String> seen = new ArrayList<>();
    Api answering = null;
    for (int h = 1; h <= hosts; h++) {
      Api api = api(h);
      if (!api.reachable()) {
        seen.add(name(h) + " not answering");
        continue;
      }
      answering = answering == null ? api : answering;
      String fencing = api.get("/api/v1/status").body().path("fencing").asText("?").split(";")[0];
      seen.add(name(h) + " " + fencing + (fencing.startsWith("lease held") ? "" : ", last warned: " + lastWarning(h)));
    }
    if (answering != null) {
      for (JsonNode node : answering.get("/api/v1/nodes").body()) {
        StringBuilder line = new StringBuilder("node " + node.path("node").asInt() + " "
            + node.path("state").asText() + " on " + node.path("host").asText());
        if (node.hasNonNull("error")) {
          line.append(" (").append(node.path("error").asText()).append(')');
        }
        JsonNode tail = node.path("consoleTail");
        if (tail.size() > 0) {
          line.append(" console: ").append(tail.get(tail.size() - 1).asText());
        }
        seen.add(line.toString());
      }
    }
    return String.join("; ", seen);
  }

  /**
   * What every host's orchestrator logged of node {@code node} (its last {@code lines} lines
   * naming it), for an assertion on the node that failed: who started, stopped or moved it.
   */
  String logsAbout(int node, int lines) {
    Pattern named = Pattern.compile("\\bnode " + node + "\\b");
    StringBuilder out = new StringBuilder();
    for (int h = 1; h <= hosts; h++) {
      Path log = LAYOUT.logDir(h).resolve("orchestrator.log");
      try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
        List<String> about = all.filter(l -> named.matcher(l).find()).toList();
        out.append('\n').append(name(h)).append(":\n  ")
            .append(String.join("\n  ", about.subList(Math.max(0, about.size() - lines), about.size())));
      } catch (IOException | UncheckedIOException e) {
        out.append('\n').append(name(h)).append(": (log unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return out.toString();
  }

  /** The last warning or error Unum's own code logged on host {@code host}, shortened; "" when none. */
  private static String lastWarning(int host) {
    Path log = LAYOUT.logDir(host).resolve("orchestrator.log");
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      String last = lines.filter(l -> (l.contains(" WARN ") || l.contains(" ERROR ")) && l.contains(" i.u.o."))
          .reduce((a, b) -> b).orElse("");
      return last.length() > 300 ? last.substring(0, 300) + "..." : last;
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static HostLab start(int hosts, int nodes) {
    Launcher.Result up = Launcher.unumWithin(1800, "lab", "up", "--hosts", String.valueOf(hosts),
        "--nodes", String.valueOf(nodes), "--fencing", FENCING);
    System.out.println("[lab] unum lab up --hosts " + hosts + " --nodes " + nodes + " --fencing " + FENCING + ": " + up);
    assertThat(up.exitCode()).as("unum lab up\n%s", up).isZero();
    HostLab lab = new HostLab(hosts, nodes);
    // The balancer only reports in the lab: tests that place nodes must find them where they put
    // them. BalancerLabIT switches it to automatic and back. Migrations go over TLS, as on a rack.
    assertThat(lab.api(1).patch("/api/v1/balancer", "{\"mode\": \"recommend\"}").status()).isEqualTo(200);
    return lab;
  }

  private synchronized void ensureHosts(int wanted) {
    if (wanted > hosts) {
      grow(wanted);
    }
  }

  /** Adds hosts until there are {@code count}; returns the CLI's result. */
  synchronized Launcher.Result grow(int count) {
    Launcher.Result up = Launcher.unumWithin(600, "lab", "up", "--hosts", String.valueOf(count), "--fencing", FENCING);
    System.out.println("[lab] unum lab up --hosts " + count + ": " + up);
    assertThat(up.exitCode()).as("unum lab up\n%s", up).isZero();
    hosts = Math.max(hosts, count);
    return up;
  }

  int hosts() {
    return hosts;
  }

  int nodes() {
    return nodes;
  }

  static String name(int host) {
    return LabLayout.name(host);
  }

  /** The REST API of host {@code host} (1-based), as published on this machine's loopback. */
  Api api(int host) {
    return new Api(LabLayout.apiUrl(host), adminToken(host));
  }

  /** Where host {@code host}'s orchestrator keeps its admin credential, as this machine sees it. */
  static Path adminToken(int host) {
    return LAYOUT.adminToken(host);
  }

  /** Runs the CLI against host {@code host}, with that host's admin credential. */
  Launcher.Result unum(int host, String... args) {
    List<String> command = new ArrayList<>(List.of("--host", "127.0.0.1:" + LabLayout.apiPort(host)));
    command.addAll(List.of(args));
    return Launcher.unumAs(adminToken(host), command.toArray(String[]::new));
  }

  /** {@code unum restart} in each of {@code hosts} at once: their orchestrators stop and start again, parting with the restart grace. */
  void restartOrchestrators(List<String> hosts) throws Exception {
    execAtOnce(hosts, "unum", "restart");
  }

  /** Kills (-9) the orchestrators of {@code hosts} at once; their nodes run on until their leases run out. */
  void killOrchestrators(List<String> hosts) throws Exception {
    execAtOnce(hosts, "pkill", "-KILL", "-f", "unum.jar daemon");
  }

  /**
   * Starts the orchestrators of {@code hosts} at once, as a service manager would: one exec in each
   * host, and no CLI process on this machine per host to compete with them for the CPU.
   */
  void startOrchestrators(List<String> hosts) throws Exception {
    execAtOnce(hosts, "unum", "daemon", "--config", LabLayout.CONFIG_IN_HOST, "--detach");
  }

  private void execAtOnce(List<String> hosts, String... command) throws Exception {
    List<CompletableFuture<Container.ExecResult>> runs = hosts.stream()
        .map(host -> CompletableFuture.supplyAsync(() -> exec(host, command))).toList();
    for (CompletableFuture<Container.ExecResult> run : runs) {
      Container.ExecResult result = run.get(120, TimeUnit.SECONDS);
      assertThat(result.getExitCode()).as("%s: %s", String.join(" ", command), result).isZero();
    }
  }

  /** Runs a command inside a lab host; returns its result. */
  Container.ExecResult exec(String host, String... command) {
    try {
      return ExecInContainerPattern.execInContainer(docker,
          docker.inspectContainerCmd(host).exec(), StandardCharsets.UTF_8, command);
    } catch (IOException e) {
      throw new AssertionError("exec in " + host + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Limits a lab host to {@code cpus} cores of this machine (0: no limit), as if it were a smaller machine. */
  void cpuQuota(String host, double cpus) throws IOException, InterruptedException {
    Process update = new ProcessBuilder("docker", "update", "--cpus", String.valueOf(cpus), host)
        .redirectErrorStream(true).start();
    String output = new String(update.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(update.waitFor()).as("docker update --cpus %s %s: %s", cpus, host, output).isZero();
  }

  /** Kills a host's container at once (its QEMUs, libvirt and orchestrator die with it): a host that fails. */
  void killHost(String host) {
    docker.killContainerCmd(host).exec();
  }

  /** Whether a host's container runs. */
  boolean hostRuns(String host) {
    return Boolean.TRUE.equals(docker.inspectContainerCmd(host).exec().getState().getRunning());
  }

  /** Runs {@code virsh} against a host's own libvirt. */
  Container.ExecResult virsh(String host, String... args) {
    List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", "qemu:///system"));
    command.addAll(List.of(args));
    return exec(host, command.toArray(String[]::new));
  }

  /** node -> host, as host {@code via} reports it. */
  Map<Integer, String> placement(int via) {
    Map<Integer, String> placement = new TreeMap<>();
    for (JsonNode node : api(via).get("/api/v1/nodes").body()) {
      placement.put(node.path("node").asInt(), node.path("host").asText());
    }
    return placement;
  }

  /** host -> its state and nodes, as host {@code via} reports them. */
  Map<String, String> hostStates(int via) {
    Map<String, String> states = new TreeMap<>();
    for (JsonNode host : api(via).get("/api/v1/hosts").body()) {
      states.put(host.path("name").asText(), host.path("state").asText() + " nodes=" + host.path("nodes"));
    }
    return states;
  }

  /** Every lab host's running Unum domains, domain -> the hosts it runs on: each must run on exactly one. */
  Map<String, List<String>> domainsEverywhere() {
    Map<String, List<String>> where = new TreeMap<>();
    for (int host = 1; host <= hosts; host++) {
      for (String domain : runningDomains(name(host))) {
        where.computeIfAbsent(domain, d -> new ArrayList<>()).add(name(host));
      }
    }
    return where;
  }

  /**
   * Names of the Unum domains that run on a host, as its own libvirt says (running, not paused:
   * an incoming migration waits paused until it has the memory).
   */
  List<String> runningDomains(String host) {
    Container.ExecResult result = virsh(host, "list", "--name", "--state-running");
    assertThat(result.getExitCode()).as("virsh list on %s: %s", host, result.getStderr()).isZero();
    return result.getStdout().lines().map(String::strip).filter(l -> l.startsWith("unum-node")).toList();
  }

  /**
   * Starts a killed host's orchestrator again at once inside its container, as a service manager
   * would: without the launcher and CLI of this machine in between, whose seconds on a loaded
   * machine count against the lease's term and a real host's restart does not have. Returns when
   * its API answers ({@code daemon --detach} waits for that).
   */
  void restartInPlace(String host) {
    Container.ExecResult started = exec(host, "unum", "daemon", "--config", LabLayout.CONFIG_IN_HOST, "--detach");
    assertThat(started.getExitCode()).as("unum daemon on %s: %s %s", host, started.getStdout(), started.getStderr())
        .isZero();
  }

  /**
   * Starts a killed host's orchestrator again and waits until it answers and the control plane is
   * whole: every host sees a leader (writes need a majority as each host sees it, and a restarted
   * host sees one once it rejoined) and all CP seats are held by live hosts again (the restarted
   * host retakes its own; until then the next host lost would cost the majority).
   */
  void startAgain(int host) throws InterruptedException {
    assertThat(Launcher.unum("lab", "start", name(host)).exitCode()).isZero();
    Await.until(name(host) + " back", Duration.ofSeconds(90), () -> api(host).reachable());
    awaitWholeControlPlane();
  }

  /**
   * Waits until every lab host is up as host {@code via} sees it: a host fenced in an earlier test
   * (cut off past its lease) comes back once it has fenced itself and taken a new lease.
   */
  void awaitEveryHostUp(int via) {
    Await.until("every running lab host up", Duration.ofSeconds(120), () -> {
      for (JsonNode host : api(via).get("/api/v1/hosts").body()) {
        if (!host.path("state").asText().equals("up") && hostRuns(host.path("name").asText())) {
          return false;
        }
      }
      return true;
    });
  }

  /** Waits until every host sees a leader and every CP seat is held by a live host. */
  void awaitWholeControlPlane() {
    Await.until("a leader seen from every host, every CP seat held by a live host", Duration.ofSeconds(120), () -> {
      for (int h = 1; h <= hosts; h++) {
        JsonNode cluster = api(h).reachable() ? api(h).get("/api/v1/cluster").body() : null;
        if (cluster == null || cluster.path("leader").isNull()
            || cluster.path("consistency").asText().startsWith("degraded")) {
          return false;
        }
      }
      return true;
    });
  }

  @Override
  public void close() {
    keepLogs();
    System.out.println("[lab] unum lab down: " + Launcher.unum("lab", "down"));
  }

  /** Every node's serial console, each one file whichever hosts the node ran on. */
  static List<Path> consoles() throws IOException {
    if (!Files.isDirectory(DISKS)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(DISKS)) {
      return dirs.map(dir -> dir.resolve("console.log")).filter(Files::isRegularFile).sorted().toList();
    }
  }

  private void keepLogs() {
    try {
      for (int host = 1; host <= hosts; host++) {
        String name = name(host);
        Path into = LOGS.resolve(name);
        Files.createDirectories(into);
        for (String kept : List.of("orchestrator.log", "watchdog.log")) {
          Path log = LAYOUT.logDir(host).resolve(kept);
          if (Files.exists(log)) {
            Files.copy(log, into.resolve(kept), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      for (Path console : consoles()) {
        Files.copy(console, LOGS.resolve(console.getParent().getFileName() + "-console.log"),
            StandardCopyOption.REPLACE_EXISTING);
      }
      try (Stream<Path> kept = Files.walk(LOGS)) {
        System.out.println("[lab] kept " + kept.filter(Files::isRegularFile).count() + " log files under " + LOGS);
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("[lab] could not keep logs: " + e.getMessage());
    }
  }
}
