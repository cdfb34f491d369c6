package io.unum.orchestrator.boot;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.AgentLinks;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.cluster.BootPhase;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.hypervisor.DiskBusyException;
import io.unum.orchestrator.hypervisor.DomainSpec;
import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.DomainXml;
import io.unum.orchestrator.hypervisor.Hypervisor;
import io.unum.orchestrator.hypervisor.HypervisorException;
import io.unum.orchestrator.hypervisor.OverlayDisks;
import io.unum.orchestrator.hypervisor.PowerState;
import io.unum.orchestrator.interconnect.NodeAddressing;
import io.unum.orchestrator.processes.ProcessRecorder;
import io.unum.orchestrator.services.ServiceRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles this host's nodes toward their specs, Kubernetes-controller style: one pass a
 * second (and on demand) on a single thread, each pass idempotent. It defines and starts
 * domains, opens agent links, notices boots that never say hello or domains that died, and
 * stops nodes that should not run. Domains that already run when it starts are adopted.
 */
public final class NodeController implements AutoCloseable {
  /** A hypervisor that keeps failing is said so once and then every half minute, not every second. */
  private static final long FAILURE_LOG_INTERVAL_NANOS = 30_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);
  private static final int TAIL_LINES = 30;
  private static final long STOP_GRACE_MILLIS = 15_000;
  /**
   * How long a start waits for a disk another QEMU still holds: after a fence the old copy is killed
   * by the lease's end, but a TCG guest of hundreds of MiB can take seconds to exit on a busy host.
   */
  static final long DISK_PATIENCE_MILLIS = 15_000;
  static final long DISK_RETRY_MILLIS = 500;

  private final BootConfig config;
  private final ClusterStore store;
  private final Hypervisor hypervisor;
  private final OverlayDisks disks;
  private final AgentStatusRecorder recorder;
  private final AgentLinks links;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
      r -> daemonThread(r, "node-controller"));
  /** Domain starts run here so one slow start does not hold up the others. */
  private final ExecutorService starter = Executors.newFixedThreadPool(4,
      r -> daemonThread(r, "node-starter"));
  private final Set<Integer> starting = ConcurrentHashMap.newKeySet();
  /** Per booting node, how much of its console log has been read for boot phases. */
  private final Map<Integer, Long> consoleRead = new ConcurrentHashMap<>();
  private final Map<Integer, Long> stopRequestedAt = new HashMap<>();
  /** Per running node, the memory last asked of its balloon (until its domain starts again). */
  private final Map<Integer, Long> memoryAsked = new ConcurrentHashMap<>();
  /** Nodes whose directory exists here. */
  private final Set<Integer> prepared = ConcurrentHashMap.newKeySet();

  private final Runnable placement;
  private final BooleanSupplier mayStart;
  /** Whether this host runs under a lease from the majority (fencing: lease, three hosts or more). */
  private final boolean leases;
  private final LongSupplier leaseLapses;
  /** The lease's lapse count when the last pass began; the loop's thread only. */
  private long lapsesAtLastPass;
  private final EventLog events;
  private final DuplicateGuard duplicates = new DuplicateGuard();
  /** Whether the last start held back for want of a lease was logged; the loop's thread only. */
  private boolean heldBackLogged;
  /**
   * Nodes of this host that a pass could not watch since they were last seen up (its orchestrator
   * away, or its lease lost: its watchdog or its own fence may have killed them). Found stopped,
   * they are started again, not failed. The loop's thread only.
   */
  private final Set<Integer> watchLapsed = new HashSet<>();
  /** Whether a pass has run in this orchestrator's life; the loop's thread only. */
  private boolean watching;
  private final Consumer<String> degraded;
  /** Since when reconcile passes fail on the hypervisor (System.nanoTime), 0 while they work; the loop's thread only. */
  private long failingSinceNanos;
  private long failureLoggedNanos;
  private final ProcessRecorder processes;

  /**
   * @param placement the cluster's placement pass (a no-op except on the leader); it runs first
   *                  in every pass, so a node created here is placed and started in one pass
   * @param processes the process table, which forgets a node's processes when it goes down
   * @param services  where the agents' service reports and logs go
   * @param degraded  told why this host cannot run nodes while its hypervisor fails, and null once it can again
   * @param lease     whether this host may start nodes, runs under a lease, and how often it lapsed
   * @param events    where a second copy found here is reported
   */
  public NodeController(BootConfig config, ClusterStore store, Hypervisor hypervisor,
      OverlayDisks disks, Runnable placement, ProcessRecorder processes, ServiceRecorder services,
      Consumer<String> degraded, LeaseGate lease, EventLog events) {
    this.mayStart = lease.mayStart();
    this.leases = lease.leases();
    this.leaseLapses = lease.lapses();
    this.events = events;
    this.placement = placement;
    this.degraded = degraded;
    this.config = config;
    this.store = store;
    this.hypervisor = hypervisor;
    this.disks = disks;
    this.processes = processes;
    this.recorder = new AgentStatusRecorder(config.hostName(), store, processes, services);
    this.links = new AgentLinks(recorder);
  }

  public void start() {
    loop.scheduleWithFixedDelay(this::reconcileSafely, 0, 1, TimeUnit.SECONDS);
  }

  /** Runs a pass now (after a spec changed) instead of waiting for the next tick. */
  public void nudge() {
    loop.execute(this::reconcileSafely);
  }

  /** Told of every spec change as this host learns of it: runs a pass now when it concerns this host. */
  public void specChanged(NodeSpec before, NodeSpec after) {
    if (concerns(config.hostName(), before, after)) {
      nudge();
    }
  }

  /**
   * Whether a spec change is this host's business at once, rather than at the next tick: a node
   * bound to it (placed, or restarted here after its host was lost) or taken from it, told to run
   * or to stop, or to move; not a change of labels or size.
   */
  static boolean concerns(String self, NodeSpec before, NodeSpec after) {
    boolean was = before != null && self.equals(before.host());
    boolean is = after != null && self.equals(after.host());
    if (was != is) {
      return true;
    }
    return is && was && (before.running() != after.running() || !before.migrateTo().equals(after.migrateTo()));
  }

  /** Runs {@code work} on the controller thread, so it never races a reconcile pass. */
  public <T> T onControllerThread(Callable<T> work) {
    try {
      return loop.submit(work).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public AgentLinks links() {
    return links;
  }

  /** Destroys a node's domain and removes its definition, disk and files. */
  public void remove(int node) {
    prepared.remove(node);
    links.close(node);
    processes.forget(node);
    String name = NodePaths.domainName(node);
    hypervisor.destroy(name);
    hypervisor.undefine(name);
    deleteTree(config.paths().dir(node));
    deleteTree(config.paths().diskDir(node));
    store.updateStatus(node, s -> s == null || s.host().isEmpty() || s.host().equals(config.hostName())
        ? null : s);
  }

  void reconcileSafely() {
    try {
      reconcile();
      if (failingSinceNanos != 0) {
        LOG.info("reconcile passes work again after {} s of failures", (System.nanoTime() - failingSinceNanos) / 1_000_000_000L);
        failingSinceNanos = 0;
        degraded.accept(null);
      }
    } catch (HypervisorException e) {
      degraded.accept(e.getMessage());
      // libvirtd restarting or hung: said once, then every half minute, not every second.
      long now = System.nanoTime();
      if (failingSinceNanos == 0 || now - failureLoggedNanos > FAILURE_LOG_INTERVAL_NANOS) {
        LOG.error("reconcile pass failed{}: {}; retrying every second", failingSinceNanos == 0 ? ""
            : " for " + (now - failingSinceNanos) / 1_000_000_000L + " s", e.getMessage());
        failureLoggedNanos = now;
      }
      failingSinceNanos = failingSinceNanos == 0 ? now : failingSinceNanos;
    } catch (RuntimeException e) {
      LOG.error("reconcile pass failed; retrying in a second", e);
    }
  }

  void reconcile() {
    placement.run();
    long lapses = leaseLapses.getAsLong();
    boolean mayStartBefore = mayStart.getAsBoolean();
    Map<Integer, DomainStatus> domains = new HashMap<>();
    for (DomainStatus domain : hypervisor.list(NodePaths.DOMAIN_PREFIX)) {
      int node = NodePaths.nodeOf(domain.name());
      if (node > 0) {
        domains.put(node, domain);
      }
    }
    // Unwatched: the lease was not held at either end of the listing, or lapsed (and perhaps was
    // renewed again) since the last pass began, a pass that may have seen the guests alive just
    // before the fence or the watchdog killed them. A slow pass must not miss a lapse in between.
    boolean unwatched = !watching || !mayStartBefore || !mayStart.getAsBoolean()
        || leaseLapses.getAsLong() != lapsesAtLastPass;
    lapsesAtLastPass = lapses;
    String self = config.hostName();
    Set<Integer> mine = new HashSet<>();
    for (NodeSpec spec : store.specs()) {
      prepare(spec.node());
      if (!spec.host().equals(self)) {
        continue; // not placed yet, or another host's: that host's controller owns it
      }
      mine.add(spec.node());
      DomainStatus domain = domains.get(spec.node());
      if (spec.running()) {
        ensureRunning(spec, domain, unwatched);
      } else {
        ensureStopped(spec, domain);
      }
    }
    // A node that moved away (or was removed) is another host's to watch now.
    watchLapsed.retainAll(mine);
    for (Map.Entry<Integer, DomainStatus> local : domains.entrySet()) {
      int node = local.getKey();
      if (!mine.contains(node)) {
        reconcileUnowned(node, local.getValue());
      }
    }
    duplicates.endPass();
    for (NodeStatus status : store.statuses()) {
      // A removed node that never had a domain here: forget its status and files.
      boolean ours = status.host().isEmpty() || status.host().equals(self);
      if (ours && !domains.containsKey(status.node()) && store.wasRemoved(status.node())) {
        remove(status.node());
      }
    }
    watching = true;
  }

  /**
   * Makes the node's directory here (its agent socket lives there) for every node
   * of the cluster, so that this host can take any node a live migration brings, at once.
   */
  private void prepare(int node) {
    if (prepared.contains(node)) {
      return;
    }
    try {
      Files.createDirectories(config.paths().dir(node));
      prepared.add(node);
    } catch (IOException e) {
      LOG.warn("cannot make {}: {}", config.paths().dir(node), e.getMessage());
    }
  }

  /** A domain on this host whose node is not bound here: removed, adopted, or someone else's. */
  private void reconcileUnowned(int node, DomainStatus domain) {
    if (store.wasRemoved(node)) {
      LOG.info("node {} was removed: deleting its domain and files here", node);
      remove(node);
      return;
    }
    NodeSpec spec = store.spec(node).orElse(null);
    if (!domain.state().isActive()) {
      if (spec != null && spec.isBound()) {
        // A definition left from when the node ran here: it now runs elsewhere, and a stale
        // definition (another uuid) would make libvirt refuse a migration back here.
        LOG.info("node {} is bound to {}: removing its old definition here", node, spec.host());
        hypervisor.undefine(domain.name());
      }
      return;
    }
    if (spec == null) {
      // A running Unum domain without a spec (state lost): adopt it rather than lose a node.
      LOG.warn("adopting running domain {} that has no spec", domain.name());
      store.createSpec(NodeSpec.withDefaults(node).boundTo(config.hostName()));
    } else if (!spec.isBound()) {
      LOG.info("node {} runs here and was not placed: binding it to this host", node);
      store.updateSpec(node, s -> s.isBound() ? s : s.boundTo(config.hostName()));
    } else if (config.hostName().equals(spec.migrateTo()) && domain.state() == PowerState.RUNNING) {
      // A migration to here switched over (the guest runs here, no longer paused): bind it here,
      // whether or not its source host is still there to do so. Compare-and-set: once.
      String from = spec.host();
      LOG.info("node {} arrived from {}: binding it to this host", node, from);
      store.updateSpec(node, s -> from.equals(s.host()) && config.hostName().equals(s.migrateTo()) ? s.migrated() : s);
      store.updateStatus(node, s -> s == null ? null : s.onHost(config.hostName()));
    } else if (config.hostName().equals(spec.migrateTo())) {
      // Arriving: the copy runs, the guest waits paused here until the switch.
    } else if (domain.state() == PowerState.RUNNING) {
      secondCopy(spec, domain);
    }
  }

  /** The node runs here, not migrating, while bound to another host: one copy too many. */
  private void secondCopy(NodeSpec spec, DomainStatus domain) {
    int node = spec.node();
    boolean rightfulRuns = store.status(node)
        .map(s -> s.host().equals(spec.host()) && s.state() == NodeState.RUNNING).orElse(false);
    switch (duplicates.judge(node, rightfulRuns, leases, mayStart.getAsBoolean(), System.nanoTime())) {
      case DESTROY -> {
        hypervisor.destroy(domain.name());
        LOG.error("node {} ran here too while bound to {}, where it runs: destroyed this copy", node, spec.host());
        duplicateEvent(node, spec.host(), "destroyed");
      }
      case REPORT -> {
        LOG.warn("node {} runs here but is bound to {}; with fencing off nothing proves which copy is rightful:"
            + " leaving it alone ('virsh destroy {}' on the wrong host ends it)", node, spec.host(), domain.name());
        duplicateEvent(node, spec.host(), "left running");
      }
      case WAIT -> {
      }
    }
  }

  private void duplicateEvent(int node, String boundTo, String action) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("host", config.hostName());
    data.put("boundTo", boundTo);
    data.put("action", action);
    events.publish(Event.of("node.duplicate", "node/" + node, data));
  }

  private void ensureRunning(NodeSpec spec, DomainStatus domain, boolean unwatched) {
    int node = spec.node();
    if (unwatched) {
      watchLapsed.add(node); // even while its start finishes: the fence may kill it right after
    }
    if (starting.contains(node)) {
      return;
    }
    boolean active = domain != null && domain.state().isActive();
    if (active && !unwatched) {
      watchLapsed.remove(node); // seen alive by a watching pass: a later stop is a real failure
    }
    if (spec.isMigrating() && !active) {
      return; // it left for its new host (the binding follows): never start it again here
    }
    long now = System.currentTimeMillis();
    NodeStatus status = store.status(node).orElse(null);
    if (active) {
      boolean adopted = status == null || status.state() == NodeState.STOPPED
          || status.state() == NodeState.DEFINED || status.state() == NodeState.FAILED;
      if (adopted) {
        // Adopted (orchestrator restarted) or started behind our back: wait for its hello.
        store.updateStatus(node, s -> (s == null || s.ip() == null ? initial(node, NodeState.BOOTING, now)
            : s.onHost(config.hostName())).adopting(now));
      }
      // Only now: a hello must find the status it moves to running.
      AgentLink link = links.open(node, config.paths().agentSocket(node));
      if (adopted) {
        return;
      }
      followMemory(spec, domain, status);
      followBoot(node, status);
      Messages.HelloReply hello = link.readyHello().orElse(null);
      if (status.state() == NodeState.BOOTING && hello != null) {
        // The hello came while the status was being written (a busy control plane): take it now.
        recorder.onReady(node, hello);
      } else if (status.state() == NodeState.BOOTING
          && now - status.stateSinceMillis() > config.bootTimeout().toMillis()) {
        String bound = config.bootTimeout().toSeconds() + " s";
        if (status.bootStartedMillis() > 0) {
          fail(node, "no hello from the agent within " + bound);
          hypervisor.destroy(NodePaths.domainName(node));
        } else {
          // An adopted node may run fine with a broken agent: say so, never destroy it for that.
          fail(node, "running, but its agent did not answer within " + bound + "; retrying");
        }
      }
      return;
    }
    boolean wasUp = status != null
        && (status.state() == NodeState.BOOTING || status.state() == NodeState.RUNNING);
    if (wasUp && activeNow(node)) {
      return; // started after this pass listed the domains: the next pass sees it
    }
    if (status != null) {
      switch (status.state()) {
        case FAILED -> {
          return; // stays failed until someone asks again (unum up / node start)
        }
        case BOOTING, RUNNING -> {
          if (!status.host().equals(config.hostName())) {
            // Another host's last word (it was lost, and the node is this host's now): start it here.
            LOG.info("node {} is bound here, last seen {} on {}: starting it", node, status.state().label(), status.host());
          } else if (watchLapsed.contains(node)) {
            if (mayStart.getAsBoolean()) {
              LOG.warn("node {} stopped while this host could not watch it (its orchestrator away, or its lease"
                  + " lost); starting it again", node);
            }
          } else {
            fail(node, status.state() == NodeState.BOOTING
                ? "the node stopped while booting (kernel panic or init failure?)" : "the node stopped unexpectedly");
            return;
          }
        }
        default -> { }
      }
    }
    startDomain(spec, now);
  }

  /** While a node boots, its console's new lines move its boot phase on (kernel, init, agent). */
  private void followBoot(int node, NodeStatus status) {
    if (status.state() != NodeState.BOOTING) {
      consoleRead.remove(node);
      return;
    }
    long from = consoleRead.getOrDefault(node, 0L);
    ConsoleLog.Chunk chunk = ConsoleLog.readFrom(config.paths().console(node), from);
    consoleRead.put(node, chunk.next());
    BootPhase seen = BootPhase.seen(status.bootPhase(), chunk.text());
    if (seen != status.bootPhase()) {
      store.updateStatus(node, s -> s != null && s.state() == NodeState.BOOTING
          && seen.ordinal() > s.bootPhase().ordinal() ? s.withBootPhase(seen) : s);
    }
  }

  /**
   * Gives a running node the memory its spec asks for, through its balloon, as far as the memory
   * it was started with allows (more waits for the next boot); and records that ceiling in the
   * status, so the API can tell which changes apply live.
   */
  private void followMemory(NodeSpec spec, DomainStatus domain, NodeStatus status) {
    int node = spec.node();
    if (domain.maxMemoryMiB() <= 0) {
      return;
    }
    if (status.bootMemoryMiB() != domain.maxMemoryMiB()) {
      store.updateStatus(node, s -> s == null ? null : s.withBootMemory(domain.maxMemoryMiB()));
    }
    long target = Math.min(spec.memoryMiB(), domain.maxMemoryMiB());
    // The balloon driver answers only once the guest is up; each target is asked for once.
    if (status.state() == NodeState.RUNNING && memoryAsked.getOrDefault(node, domain.maxMemoryMiB()) != target) {
      hypervisor.setMemory(NodePaths.domainName(node), target);
      memoryAsked.put(node, target);
      LOG.info("node {}: memory set to {} MiB live (started with {} MiB)", node, target, domain.maxMemoryMiB());
    }
  }

  /** Whether the node's domain is active now (not as of this pass's listing). */
  private boolean activeNow(int node) {
    String name = NodePaths.domainName(node);
    return hypervisor.list(NodePaths.DOMAIN_PREFIX).stream()
        .anyMatch(d -> d.name().equals(name) && d.state().isActive());
  }

  private void startDomain(NodeSpec spec, long now) {
    int node = spec.node();
    if (!mayStart.getAsBoolean()) {
      // Without its lease this host may be cut off while the majority restarts its nodes elsewhere.
      if (!heldBackLogged) {
        LOG.warn("node {} waits to start: this host does not hold its lease from the majority now", node);
        heldBackLogged = true;
      }
      return;
    }
    heldBackLogged = false;
    watchLapsed.remove(node);
    starting.add(node);
    memoryAsked.remove(node);
    startNewConsole(node);
    consoleRead.put(node, ConsoleLog.size(config.paths().console(node)));
    store.updateStatus(node, s -> {
      // No status, or one the leader wrote while the node waited for a host: start afresh here.
      NodeStatus current = s == null || s.ip() == null ? initial(node, NodeState.DEFINED, now)
          : s.onHost(config.hostName());
      // Started again while a power-off was finishing: that stop is over now.
      return (current.state() == NodeState.STOPPING ? current.moveTo(NodeState.STOPPED, now) : current)
          .booting(now);
    });
    starter.execute(() -> {
      try {
        Files.createDirectories(config.paths().dir(node));
        Files.createDirectories(config.paths().diskDir(node));
        disks.ensure(config.paths().disk(node), config.baseImage());
        // A definition left from an earlier run (stopped or crashed) is replaced, not clashed with.
        hypervisor.undefine(NodePaths.domainName(node));
        hypervisor.define(DomainXml.render(domainSpec(spec)));
        startOnceTheDiskIsFree(node);
        links.open(node, config.paths().agentSocket(node));
        LOG.info("node {}: domain started", node);
      } catch (IOException | RuntimeException e) {
        LOG.error("node {}: cannot start: {}", node, e.getMessage());
        fail(node, "cannot start: " + e.getMessage());
      } finally {
        starting.remove(node);
      }
    });
  }

  /**
   * A cold start begins a new console log (QEMU appends to it, on every host the node moves to);
   * the one before is kept beside it, so what a crashed boot printed outlives the next start.
   */
  private void startNewConsole(int node) {
    Path console = config.paths().console(node);
    try {
      if (Files.exists(console)) {
        Files.move(console, config.paths().previousConsole(node), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("node {}: cannot set {} aside ({}); the new boot's lines follow the old ones", node, console,
          e.getMessage());
    }
  }

  /** Starts the node's domain, trying again while its disk is still held, up to {@link #DISK_PATIENCE_MILLIS}. */
  private void startOnceTheDiskIsFree(int node) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISK_PATIENCE_MILLIS);
    for (int tries = 1; ; tries++) {
      try {
        hypervisor.start(NodePaths.domainName(node));
        if (tries > 1) {
          LOG.info("node {}: its disk was free at try {}", node, tries);
        }
        return;
      } catch (DiskBusyException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        if (tries == 1) {
          LOG.info("node {}: its disk is still held by another process (a copy being fenced?); trying again"
              + " for up to {} s", node, DISK_PATIENCE_MILLIS / 1000);
        }
        try {
          Thread.sleep(DISK_RETRY_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while node " + node + "'s disk was held", interrupted);
        }
      }
    }
  }

  private void ensureStopped(NodeSpec spec, DomainStatus domain) {
    int node = spec.node();
    long now = System.currentTimeMillis();
    if (domain == null || !domain.state().isActive()) {
      stopRequestedAt.remove(node);
      links.close(node);
      store.status(node).ifPresent(s -> {
        if (s.state() != NodeState.STOPPED && s.state() != NodeState.FAILED) {
          processes.forget(node);
          store.updateStatus(node, cur -> cur.state().canMoveTo(NodeState.STOPPED)
              ? cur.moveTo(NodeState.STOPPED, now) : cur);
        }
      });
      return;
    }
    Long since = stopRequestedAt.get(node);
    if (since == null) {
      stopRequestedAt.put(node, now);
      store.updateStatus(node, s -> s == null ? initial(node, NodeState.STOPPING, now)
          : s.state().canMoveTo(NodeState.STOPPING) ? s.moveTo(NodeState.STOPPING, now) : s);
      requestPoweroff(node);
    } else if (now - since > STOP_GRACE_MILLIS) {
      LOG.warn("node {} did not power off within {} s; destroying it", node, STOP_GRACE_MILLIS / 1000);
      hypervisor.destroy(NodePaths.domainName(node));
    }
  }

  private void requestPoweroff(int node) {
    AgentLink link = links.get(node).filter(AgentLink::isReady).orElse(null);
    if (link == null) {
      hypervisor.destroy(NodePaths.domainName(node));
      return;
    }
    try {
      link.request(id -> new Messages.Poweroff(id, false));
    } catch (AgentUnavailableException e) {
      hypervisor.destroy(NodePaths.domainName(node));
    }
  }

  private DomainSpec domainSpec(NodeSpec spec) {
    int node = spec.node();
    return new DomainSpec(NodePaths.domainName(node), node, config.accel().kind(), spec.cpus(),
        spec.memoryMiB(), config.kernel(),
        KernelCommandLine.of(spec, config.addressing().cidrOf(node), config.pids()),
        config.paths().disk(node), NodeAddressing.macOf(node),
        config.bridge(), config.mtu(), config.paths().console(node), config.paths().agentSocket(node));
  }

  private NodeStatus initial(int node, NodeState state, long now) {
    return NodeStatus.initial(node, state, config.hostName(), NodePaths.domainName(node),
        config.addressing().ipOf(node), NodeAddressing.macOf(node), now);
  }

  private void fail(int node, String why) {
    List<String> tail = ConsoleLog.tail(config.paths().console(node), TAIL_LINES);
    LOG.error("node {} failed: {}", node, why);
    links.close(node);
    processes.forget(node);
    long now = System.currentTimeMillis();
    store.updateStatus(node, s -> (s == null ? initial(node, NodeState.BOOTING, now) : s)
        .failed(why, tail, now));
  }

  @Override
  public void close() {
    loop.shutdownNow();
    starter.shutdownNow();
    links.close();
  }

  private static Thread daemonThread(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
