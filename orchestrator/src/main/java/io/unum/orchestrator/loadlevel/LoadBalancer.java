package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.migration.MigrationProgress;
import io.unum.orchestrator.migration.MigrationStore;
import io.unum.orchestrator.placement.HostCapacity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's load balancer, once a second: weighs the hosts' sampled loads with
 * {@link Balancer}, and when an imbalance has lasted {@code holdSeconds} moves nodes (automatic)
 * or says which it would move (recommend). It never decides while a migration runs or before the
 * loads show the last one ({@link LoadSampler#WINDOW}), never moves a node again within its
 * cooldown (ten minutes at least after a failed one), and leaves alone nodes that just booted,
 * nodes with a job of their own and a cluster changing its run level.
 */
public final class LoadBalancer implements AutoCloseable {
  /** Decisions the report keeps. */
  static final int RECENT = 20;
  /** A node that started running this recently is not moved: a boot's burst is no steady load. */
  static final long BOOT_GRACE_MILLIS = 30_000;
  /** A node whose last migration failed waits at least this long: a failing move is not retried every pass. */
  static final long FAILED_BACKOFF_MILLIS = 600_000;
  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancer.class);

  private final String self;
  private final ClusterView view;
  private final LoadStore loads;
  private final MigrationStore migrations;
  private final SharedValue<BalancerSettings> settings;
  private final SharedValue<BalancerReport> report;
  private final IntPredicate busy;
  private final MoveSubmitter submitter;
  private final EventLog events;
  private final LeaderTerm term;
  private final LongSupplier clock;
  private long imbalancedSince;
  private List<String> recommended = List.of();
  /** Nodes whose move was refused when submitted, and until when they are left alone. */
  private final Map<Integer, Long> refusedUntil = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "load-balancer");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * @param busy whether a node has a job of its own (node 0: the cluster changes its run level)
   */
  public LoadBalancer(String self, ClusterView view, LoadStore loads, MigrationStore migrations,
      SharedValue<BalancerSettings> settings, SharedValue<BalancerReport> report, IntPredicate busy,
      MoveSubmitter submitter, EventLog events, LeaderTerm term, LongSupplier clock) {
    this.self = self;
    this.view = view;
    this.loads = loads;
    this.migrations = migrations;
    this.settings = settings;
    this.report = report;
    this.busy = busy;
    this.submitter = submitter;
    this.events = events;
    this.term = term;
    this.clock = clock;
  }

  public LoadBalancer start() {
    timer.scheduleWithFixedDelay(() -> {
      try {
        pass();
      } catch (RuntimeException e) {
        LOG.warn("balancer pass failed; trying again in a second: {}", e.toString());
      }
    }, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  void pass() {
    // A move it decides becomes a job: the job runner's steps carry the leader epoch.
    if (term.epoch() == LeaderStamp.NONE) {
      imbalancedSince = 0;
      return;
    }
    long now = clock.getAsLong();
    BalancerSettings config = settings.get().orElse(BalancerSettings.DEFAULT);
    LoadSnapshot snapshot = LoadSnapshot.of(view, loads, now);
    List<NodeSpec> specs = snapshot.specs();

    Map<Integer, Long> waitUntil = new HashMap<>();
    long lastEnded = 0;
    long cooldown = config.cooldownSeconds() * 1000L;
    for (MigrationProgress m : migrations.all()) {
      if (m.finished()) {
        // The end of a node's wait: its cooldown after a move, longer after a failed one.
        long wait = m.failedOnItsOwn() ? Math.max(cooldown, FAILED_BACKOFF_MILLIS) : cooldown;
        waitUntil.put(m.node(), m.updatedMillis() + wait);
        lastEnded = Math.max(lastEnded, m.updatedMillis());
      }
    }
    refusedUntil.values().removeIf(until -> until <= now);
    refusedUntil.forEach((node, until) -> waitUntil.merge(node, until, Math::max));
    List<NodeSpec> moving = specs.stream().filter(NodeSpec::isMigrating).toList();
    Map<String, Integer> outbound = new HashMap<>();
    moving.forEach(s -> outbound.merge(s.host(), 1, Integer::sum));
    List<Balancer.Candidate> candidates = candidates(snapshot, waitUntil, now);
    Balancer.Plan plan = Balancer.plan(snapshot.hosts(), candidates, config,
        Math.max(0, config.maxMigrations() - moving.size()), outbound);

    String state;
    List<BalancerDecision> decided = List.of();
    if (config.mode() == BalancerMode.OFF) {
      imbalancedSince = 0;
      state = "off; " + plan.verdict();
    } else if (busy.test(0)) {
      imbalancedSince = 0;
      state = "waiting: the cluster is changing its run level";
    } else if (!moving.isEmpty()) {
      imbalancedSince = 0;
      state = "waiting: " + moving.size() + " migration" + (moving.size() == 1 ? "" : "s") + " under way";
    } else if (now - lastEnded < LoadSampler.WINDOW * 1000L) {
      state = "settling: the loads do not show the last migration yet";
    } else if (plan.moves().isEmpty()) {
      imbalancedSince = 0;
      recommended = List.of();
      state = plan.verdict();
    } else if (imbalancedSince == 0 || now - imbalancedSince < config.holdSeconds() * 1000L) {
      imbalancedSince = imbalancedSince == 0 ? now : imbalancedSince;
      state = String.format("holding: imbalance %.0f%% for %.1f s of %d s before anything moves",
          plan.imbalancePercent(), (now - imbalancedSince) / 1000.0, config.holdSeconds());
    } else {
      imbalancedSince = 0;
      decided = act(plan, config.mode(), now);
      state = plan.verdict();
    }
    publishReport(now, config, state, plan, snapshot, decided);
  }

  /**
   * The nodes that may move now: running past their boot grace, on a balanced host, unpinned, not
   * migrating, without a job of their own, and past the wait after their last migration.
   */
  private List<Balancer.Candidate> candidates(LoadSnapshot snapshot, Map<Integer, Long> waitUntil, long now) {
    Set<Integer> running = view.statuses().stream()
        .filter(s -> s.state() == NodeState.RUNNING && now - s.stateSinceMillis() >= BOOT_GRACE_MILLIS)
        .map(s -> s.node()).collect(Collectors.toSet());
    List<Balancer.Candidate> candidates = new ArrayList<>();
    for (NodeSpec spec : snapshot.specs()) {
      NodeDemand demand = snapshot.balanced(spec.host()) ? snapshot.demand(spec).orElse(null) : null;
      boolean cooled = now >= waitUntil.getOrDefault(spec.node(), 0L);
      if (demand != null && running.contains(spec.node()) && spec.pinnedHost().isEmpty() && !spec.isMigrating()
          && !busy.test(spec.node()) && cooled) {
        candidates.add(new Balancer.Candidate(spec, demand.cpuDemand()));
      }
    }
    return candidates;
  }

  /** Starts the plan's moves (automatic) or reports them (recommend, once per distinct plan). */
  private List<BalancerDecision> act(Balancer.Plan plan, BalancerMode mode, long now) {
    List<String> moves = plan.moves().stream().map(m -> m.node() + "->" + m.to()).toList();
    if (mode == BalancerMode.RECOMMEND && moves.equals(recommended)) {
      return List.of();
    }
    recommended = mode == BalancerMode.RECOMMEND ? moves : List.of();
    List<BalancerDecision> decisions = new ArrayList<>();
    for (Balancer.Move move : plan.moves()) {
      String job = null;
      String error = null;
      if (mode == BalancerMode.AUTOMATIC) {
        try {
          job = submitter.submit(move.node(), move.to());
        } catch (RuntimeException e) {
          error = e.getMessage();
          // Refused before it began (say, a host without TLS certificates): asked again every
          // second it would only fill the log; it waits as a failed move does.
          refusedUntil.put(move.node(), now + FAILED_BACKOFF_MILLIS);
        }
      }
      BalancerDecision decision = new BalancerDecision(now, mode, move.node(), move.from(), move.to(),
          round2(move.cpuDemand()), percents(plan.loads()), percents(plan.predicted()),
          Math.round(plan.imbalancePercent()), Math.round(plan.predictedImbalancePercent()), move.reason(), job, error);
      decisions.add(decision);
      LOG.info("balancer {}: node {} {} -> {}{}: {}", mode.wire(), move.node(), move.from(), move.to(),
          error == null ? "" : " (not started: " + error + ")", move.reason());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("mode", mode.wire());
      data.put("from", move.from());
      data.put("to", move.to());
      data.put("cpuDemand", decision.cpuDemand());
      data.put("loadsBefore", decision.loadsBefore());
      data.put("loadsAfter", decision.loadsAfter());
      data.put("imbalanceBefore", decision.imbalanceBefore());
      data.put("imbalanceAfter", decision.imbalanceAfter());
      data.put("reason", move.reason());
      data.put("job", job);
      data.put("error", error);
      events.publish(Event.of(mode == BalancerMode.AUTOMATIC ? "balancer.decision" : "balancer.recommendation",
          "node/" + move.node(), data));
    }
    return decisions;
  }

  private void publishReport(long now, BalancerSettings config, String state, Balancer.Plan plan,
      LoadSnapshot snapshot, List<BalancerDecision> decided) {
    BalancerReport before = report.get().orElse(null);
    List<BalancerDecision> decisions = new ArrayList<>(before == null ? List.of() : before.decisions());
    decisions.addAll(decided);
    while (decisions.size() > RECENT) {
      decisions.remove(0);
    }
    List<BalancerReport.HostReport> hosts = new ArrayList<>();
    for (HostCapacity room : snapshot.rooms().values()) {
      HostLoad load = snapshot.loads().get(room.name());
      if (load == null) {
        hosts.add(new BalancerReport.HostReport(room.name(), false, 0, 0, 0, 0, List.of()));
        continue;
      }
      Double percent = plan.loads().get(room.name());
      hosts.add(new BalancerReport.HostReport(room.name(), snapshot.balanced(room.name()), round2(load.cpuCapacity()),
          round2(load.cpuUsed()), round2(load.cpuDemand()), percent == null ? 0 : Math.round(percent),
          load.nodes().stream().map(n -> new NodeDemand(n.node(), n.vcpus(), round2(n.cpuUsed()),
              round2(n.cpuDemand()), n.memoryMiB(), n.memoryUsedMiB())).toList()));
    }
    BalancerReport next = new BalancerReport(now, self, config.mode(), state, Math.round(plan.imbalancePercent()),
        hosts, decisions);
    if (!report.replace(before, next)) {
      LOG.debug("balancer report changed under this leader; written next second");
    }
  }

  private static Map<String, Long> percents(Map<String, Double> loads) {
    Map<String, Long> rounded = new LinkedHashMap<>();
    loads.forEach((host, load) -> rounded.put(host, Math.round(load)));
    return rounded;
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
