package io.unum.orchestrator.migration;

import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.AgentLinks;
import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.hypervisor.DomainStatus;
import io.unum.orchestrator.hypervisor.Hypervisor;
import io.unum.orchestrator.hypervisor.MigrationStats;
import io.unum.orchestrator.hypervisor.MigrationTarget;
import io.unum.orchestrator.hypervisor.MigrationTuning;
import io.unum.orchestrator.hypervisor.PowerState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the live migrations of this host's nodes: a node whose spec says {@code migrateTo} is
 * sent there by libvirt (peer to peer), its progress reported every quarter second; once it runs
 * there the node is bound there by compare-and-set (the destination's controller does the same
 * if this host dies first: whoever is first, the binding moves once). On any failure the node
 * keeps running here and the wish is cleared with the reason. A copy that stops shrinking for
 * {@link #STALL_MILLIS} is aborted (auto-converge has throttled the guest by then).
 */
public final class MigrationRunner implements AutoCloseable {
  static final long STALL_MILLIS = 30_000;
  /** Migrations a host sends at once; more wait their turn (a drain asks for all at once). */
  public static final int MAX_OUTBOUND = 2;
  private static final long POLL_MILLIS = 100;
  /** How long after a move its destination looks for the guest's pause (at each pass, until found). */
  private static final long ARRIVAL_WINDOW_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  private final String self;
  private final ClusterView view;
  private final ClusterStore store;
  private final Hypervisor hypervisor;
  private final AgentLinks links;
  private final NodePaths paths;
  private final MigrationStore progress;
  private final EventLog events;
  private final IntFunction<MigrationTuning> tuning;
  /** Nodes whose migration runs on this host now. */
  private final Set<Integer> running = ConcurrentHashMap.newKeySet();
  /** Nodes arriving here whose agent link this runner opened before their guest ran here. */
  private final Set<Integer> arriving = ConcurrentHashMap.newKeySet();
  /**
   * Nodes last seen moving here (node -> when): only their moves are read for the pause to record,
   * so that an idle host does not read every move in the cluster ten times a second.
   */
  private final Map<Integer, Long> landing = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "migration-runner");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param view   a local replica of the cluster's state: scanned ten times a second
   * @param paths  where this host's nodes' agent sockets are (an arriving node's link opens early)
   * @param tuning how a node's migration runs: its request's figures, else the cluster's
   */
  public MigrationRunner(String self, ClusterView view, ClusterStore store, Hypervisor hypervisor, AgentLinks links,
      NodePaths paths, MigrationStore progress, EventLog events, IntFunction<MigrationTuning> tuning) {
    this.paths = paths;
    this.self = self;
    this.view = view;
    this.store = store;
    this.hypervisor = hypervisor;
    this.links = links;
    this.progress = progress;
    this.events = events;
    this.tuning = tuning;
  }

  public MigrationRunner start() {
    // Often: the wish to migrate waits here, and a migration should take about a second in all.
    timer.scheduleWithFixedDelay(this::passSafely, 100, 100, TimeUnit.MILLISECONDS);
    return this;
  }

  private void passSafely() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warn("migration pass failed; retrying: {}", e.toString());
    }
  }

  void pass() {
    recordArrivalDowntimes();
    releaseArrivals();
    for (NodeSpec spec : view.specs()) {
      if (self.equals(spec.migrateTo())) {
        landing.put(spec.node(), System.currentTimeMillis());
        connectArrival(spec.node());
      } else if (self.equals(spec.host()) && spec.isMigrating() && !running.contains(spec.node())
          && running.size() < MAX_OUTBOUND && running.add(spec.node())) {
        Thread worker = new Thread(() -> {
          try {
            migrate(spec);
          } finally {
            running.remove(spec.node());
          }
        }, "migrate-node" + spec.node());
        worker.setDaemon(true);
        worker.start();
      }
    }
  }

  private void migrate(NodeSpec spec) {
    int node = spec.node();
    String to = spec.migrateTo();
    String domain = NodePaths.domainName(node);
    long started = System.currentTimeMillis();
    MigrationProgress begun = MigrationProgress.begun(node, self, to, started);
    NodeSpec current = store.spec(node).orElse(null);
    if (current == null || !self.equals(current.host()) || !to.equals(current.migrateTo())) {
      return; // the local view was behind: a migration that just ended (its wish cleared) is not begun again
    }
    if (hypervisor.find(domain).isEmpty()) {
      // Gone from here while it was to go: it went before this orchestrator restarted (libvirt
      // removes the source only once the destination runs it). Bind it there, unless that is done.
      NodeSpec now = store.spec(node).orElse(null);
      if (now != null && self.equals(now.host()) && to.equals(now.migrateTo())) {
        LOG.info("node {}: its domain left for {} before this orchestrator started; binding it there", node, to);
        succeeded(spec, progress.get(node).filter(p -> to.equals(p.to()) && !p.finished()).orElse(begun));
      }
      return;
    }
    Optional<HostStatus> target = store.hosts().stream().filter(h -> h.name().equals(to)).findFirst();
    if (target.isEmpty() || target.get().state() != HostState.UP) {
      fail(spec, begun, "host " + to + " is not up");
      return;
    }
    progress.put(begun);
    if (hypervisor.migrationStats(domain).isPresent()) {
      // This host's orchestrator began it before it restarted, and libvirt carries on: follow
      // that one. Starting a second would fail and clear the wish while the first goes on.
      LOG.info("node {}: a migration to {} already runs here (begun before this orchestrator started); following it",
          node, to);
      poll(spec, begun, true);
      if (!runsHere(domain)) {
        succeeded(spec, begun);
        return;
      }
      LOG.info("node {}: that migration did not finish; it begins again", node);
    }
    LOG.info("node {}: live migration to {} begins", node, to);
    Thread poller = new Thread(() -> poll(spec, begun, false), "migration-progress-node" + node);
    poller.setDaemon(true);
    poller.start();
    try {
      MigrationTuning how = tuning.apply(node);
      hypervisor.migrate(domain, MigrationTarget.of(target.get().info().address()), how);
    } catch (RuntimeException e) {
      stop(poller); // before the wish is cleared, which the poller would take for a cancellation
      fail(spec, progress.get(node).orElse(begun), e.getMessage());
      return;
    }
    stop(poller);
    succeeded(spec, begun);
  }

  /**
   * Connects to the agent of a node arriving here as soon as its incoming domain exists, while the
   * guest still waits paused: QEMU then loads the guest's serial port with a host already there.
   * Connected only after the switch-over, the guest first hears "no host" (and writes nothing), and
   * when the source's port was throttled at the switch-over (its orchestrator slow to read), QEMU
   * flushes the carried-over data into the unconnected socket, throttles the port again and never
   * lifts that when a host connects: the guest's answers stay stuck until the link reconnects.
   */
  private void connectArrival(int node) {
    if (links.get(node).isEmpty() && hypervisor.find(NodePaths.domainName(node))
        .filter(d -> d.state() == PowerState.PAUSED).isPresent()) {
      LOG.info("node {}: arriving; connecting to its agent before the switch-over", node);
      links.open(node, paths.agentSocket(node)).guestHeld();
      arriving.add(node);
    }
  }

  /**
   * An arrival's guest runs here now: its handshake may time out again. Its incoming domain went
   * away (the move failed) and the node is not this host's: its link goes too.
   */
  private void releaseArrivals() {
    for (int node : arriving) {
      Optional<PowerState> state = hypervisor.find(NodePaths.domainName(node)).map(DomainStatus::state);
      if (state.isEmpty() && view.specs().stream().noneMatch(s -> s.node() == node && self.equals(s.host()))) {
        links.close(node);
        arriving.remove(node);
      } else if (state.isEmpty() || state.get() != PowerState.PAUSED) {
        links.get(node).ifPresent(AgentLink::guestRuns);
        arriving.remove(node);
      }
    }
  }

  /**
   * The pause a guest that arrived here had: libvirt measures it at the destination, after the
   * source reported the move. Added to the source's report, once per move.
   */
  private void recordArrivalDowntimes() {
    long now = System.currentTimeMillis();
    landing.values().removeIf(seen -> now - seen >= ARRIVAL_WINDOW_MILLIS);
    for (int node : landing.keySet()) {
      progress.get(node).filter(move -> self.equals(move.to()) && MigrationProgress.SUCCEEDED.equals(move.phase())
          && move.downtimeMillis() == null && now - move.updatedMillis() < ARRIVAL_WINDOW_MILLIS)
          .ifPresent(move -> hypervisor.arrivalDowntimeMillis(NodePaths.domainName(node)).ifPresent(millis -> {
            landing.remove(node);
            progress.put(move.withDowntime(millis));
          }));
    }
  }

  private boolean runsHere(String domain) {
    return hypervisor.find(domain).filter(d -> d.state().isActive()).isPresent();
  }

  private static void stop(Thread poller) {
    poller.interrupt();
    try {
      poller.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The guest runs at the destination: bind it there (once: the destination may have done it). */
  private void succeeded(NodeSpec spec, MigrationProgress begun) {
    int node = spec.node();
    String to = spec.migrateTo();
    MigrationProgress done = progress.get(node).orElse(begun).succeeded(System.currentTimeMillis());
    links.close(node);
    // Bound there even if the wish was withdrawn meanwhile: a cancel that came too late to abort
    // the copy cannot bring the guest back, and a node bound here with no domain would be booted
    // here again while it runs there.
    store.updateSpec(node, s -> !self.equals(s.host()) ? s
        : to.equals(s.migrateTo()) ? s.migrated() : s.boundTo(to));
    store.updateStatus(node, s -> s == null ? null : s.onHost(to));
    progress.put(done);
    publish("node.migrated", done);
    LOG.info("node {}: now on {} after {} ms", node, to, done.wallMillis());
  }

  /**
   * Reports the copy's figures while it runs; aborts a copy that stopped shrinking, or one no
   * longer wanted. Returns when interrupted, or, with {@code untilEnd}, once libvirt's job is over.
   */
  private void poll(NodeSpec spec, MigrationProgress begun, boolean untilEnd) {
    String domain = NodePaths.domainName(spec.node());
    MigrationMonitor monitor = new MigrationMonitor(begun, System.currentTimeMillis(), STALL_MILLIS);
    boolean aborting = false;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(POLL_MILLIS);
        long now = System.currentTimeMillis();
        NodeSpec current = store.spec(spec.node()).orElse(null);
        if (current != null && spec.migrateTo().equals(current.host())) {
          return; // it runs there: the destination bound it before libvirt's call returned here
        }
        if (current == null || !spec.migrateTo().equals(current.migrateTo())) {
          // Again at every poll until the call returns: an abort that comes before libvirt's job
          // has begun finds nothing to abort, and the copy would go on.
          if (!aborting) {
            LOG.info("node {}: migration to {} cancelled", spec.node(), spec.migrateTo());
            aborting = true;
          }
          if (hypervisor.migrationStats(domain).isPresent()) {
            hypervisor.abortMigration(domain);
          } else if (untilEnd) {
            return;
          }
          continue;
        }
        Optional<MigrationStats> stats = hypervisor.migrationStats(domain);
        if (stats.isEmpty()) {
          if (untilEnd) {
            return;
          }
          continue;
        }
        MigrationMonitor.Verdict verdict = monitor.observe(stats.get(), now);
        if (verdict.stalled()) {
          LOG.warn("node {}: migration copy has not shrunk for {} s; aborting", spec.node(), STALL_MILLIS / 1000);
          hypervisor.abortMigration(domain);
          return;
        }
        verdict.record().ifPresent(progress::put);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("node {}: migration progress not read: {}", spec.node(), e.toString());
    }
  }

  private void fail(NodeSpec spec, MigrationProgress at, String why) {
    long now = System.currentTimeMillis();
    // The wish gone already: someone cancelled it (the balancer does not hold that against the node).
    boolean cancelled = store.spec(spec.node()).map(s -> !spec.migrateTo().equals(s.migrateTo())).orElse(true);
    MigrationProgress failed = at.failed(cancelled ? MigrationProgress.CANCELLED + ": " + why : why, now);
    store.updateSpec(spec.node(), s -> self.equals(s.host()) && spec.migrateTo().equals(s.migrateTo())
        ? s.migratingTo("") : s);
    progress.put(failed);
    publish("node.migration-failed", failed);
    LOG.warn("node {}: migration to {} failed, it runs on here: {}", spec.node(), spec.migrateTo(), why);
  }

  private void publish(String type, MigrationProgress done) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", done.from());
    data.put("to", done.to());
    data.put("wallMillis", done.wallMillis());
    data.put("bytes", done.dataProcessed());
    data.put("passes", done.pass());
    data.put("error", done.error());
    events.publish(Event.of(type, "node/" + done.node(), data));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
