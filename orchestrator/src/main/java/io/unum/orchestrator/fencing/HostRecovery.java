package io.unum.orchestrator.fencing;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.placement.HostCapacity;
import io.unum.orchestrator.placement.Placement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a lost host's nodes elsewhere, never twice. Every member watches every host's lease
 * counter each second on its own clock; the leader, holding its own lease, revokes the lease of
 * a host whose counter stood still for {@link FenceTimes#revokeAfter(long)} (by then that host's
 * guests are dead: it fenced itself, or its watchdog did) and binds each of its nodes to the host
 * {@link Placement} picks. A node pinned to the lost host waits for it, and says so.
 */
public final class HostRecovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostRecovery.class);
  private final String self;
  private final ClusterStore store;
  private final ClusterView view;
  private final LeaseStore leases;
  private final LeaderTerm term;
  private final EventLog events;
  private final LongSupplier nanos;
  private final LeaseWatch watch = new LeaseWatch(FenceTimes::revokeAfter);
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "host-recovery");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param view where the hosts to watch are listed, twice a second: a local replica (their
   *             leases, which decide, are read from the CP subsystem)
   * @param term whether this member leads and holds its own lease now, and with which epoch
   */
  public HostRecovery(String self, ClusterStore store, ClusterView view, LeaseStore leases, LeaderTerm term,
      EventLog events, LongSupplier nanos) {
    this.self = self;
    this.store = store;
    this.view = view;
    this.leases = leases;
    this.term = term;
    this.events = events;
    this.nanos = nanos;
  }

  public HostRecovery start() {
    long every = FenceTimes.WATCH_EVERY.toMillis();
    thread.scheduleWithFixedDelay(this::passSafely, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void passSafely() {
    try {
      pass();
    } catch (DeposedLeaderException e) {
      if (!term.overtake(e.newer())) {
        LOG.warn("host recovery pass stopped: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("host recovery pass failed; trying again at the next watch", e);
    }
  }

  void pass() {
    long epoch = term.epoch();
    for (HostStatus host : view.hosts()) {
      if (!host.name().equals(self)) {
        try {
          watch(host, epoch);
        } catch (LeaseUnavailableException e) {
          // This host's lease cannot be read now; the others' still can.
          LOG.debug("lease of {}: {}", host.name(), e.getMessage());
        }
      }
    }
  }

  /** Notes where the host's lease stands; the leader revokes it when overdue, and recovers a revoked host's nodes. */
  private void watch(HostStatus host, long epoch) {
    String name = host.name();
    long value = leases.read(name);
    long now = nanos.getAsLong();
    watch.saw(name, value, now);
    if (epoch == LeaderStamp.NONE) {
      return;
    }
    if (value < 0) {
      recover(name, stranded(name), watch.stillFor(name, now), epoch);
      return;
    }
    OptionalLong overdue = watch.overdue(name, now);
    if (overdue.isEmpty()) {
      return; // the usual case: no need to read every node's spec
    }
    List<NodeSpec> stranded = stranded(name);
    if (!stranded.isEmpty()) {
      revoke(host, overdue.getAsLong(), stranded, watch.stillFor(name, now), epoch);
    }
  }

  /**
   * The nodes bound to {@code host} that should run there, but a failed one: it waits for someone
   * to start it, whoever leads, as on a live host (a recovery would boot it).
   */
  private List<NodeSpec> stranded(String host) {
    return store.specs().stream().filter(s -> s.running() && host.equals(s.host()))
        .filter(s -> store.status(s.node()).map(NodeStatus::state).orElse(null) != NodeState.FAILED)
        .sorted(Comparator.comparingInt(NodeSpec::node)).toList();
  }

  private void revoke(HostStatus host, long held, List<NodeSpec> stranded, Duration silent, long epoch) {
    String name = host.name();
    if (!leases.compareAndSet(name, held, -(held + 1))) {
      return; // it renewed at the last moment: it lives
    }
    LOG.warn("host {} was silent {} s: its lease is revoked; its guests are dead by now; restarting {} elsewhere",
        name, silent.toSeconds(), stranded.stream().map(NodeSpec::node).toList());
    long now = System.currentTimeMillis();
    store.updateHost(name, s -> s == null || s.state() == HostState.DOWN ? s : s.withState(HostState.DOWN, now));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("host", name);
    data.put("silentSeconds", silent.toSeconds());
    data.put("nodes", stranded.stream().map(NodeSpec::node).toList());
    events.publish(Event.of("host.fenced", "host/" + name, data));
    recover(name, stranded, silent, epoch);
  }

  private void recover(String lost, List<NodeSpec> stranded, Duration silent, long epoch) {
    if (stranded.isEmpty()) {
      return;
    }
    Map<String, HostCapacity> hosts = HostCapacity.of(store.hosts(), store.maintenance(), store.specs());
    hosts.remove(lost);
    long now = System.currentTimeMillis();
    for (NodeSpec spec : stranded) {
      int node = spec.node();
      if (lost.equals(spec.pinnedHost())) {
        String why = "pinned to host " + lost + ", which was fenced (its lease revoked): it starts again when "
            + lost + " is back";
        store.updateStatus(node, s -> s == null || why.equals(s.error()) ? s : s.recovering(lost, why, now));
        continue;
      }
      Placement.Decision decision = Placement.place(spec.boundTo(""), hosts.values());
      if (!decision.placed()) {
        String why = "host " + lost + " was fenced; no host can take it now: " + decision.reason();
        store.updateStatus(node, s -> s == null || why.equals(s.error()) ? s : s.recovering(lost, why, now));
        continue;
      }
      String to = decision.host();
      // The status first: the new host's controller, seeing the binding, must find a node to start,
      // not the lost host's "running" (which it would take for a guest that died on it).
      String why = "restarting on " + to + ": host " + lost + " was fenced after " + silent.toSeconds() + " s of silence";
      store.updateStatus(node, s -> s == null ? null : s.recovering(to, why, now));
      NodeSpec bound = store.updateSpec(node, epoch, s -> lost.equals(s.host()) ? s.boundTo(to).migratingTo("") : s)
          .orElse(null);
      if (bound == null || !to.equals(bound.host())) {
        continue;
      }
      hosts.computeIfPresent(to, (name, h) -> h.plus(spec.cpus(), spec.memoryMiB()));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("node", node);
      data.put("from", lost);
      data.put("to", to);
      data.put("silentSeconds", silent.toSeconds());
      events.publish(Event.of("node.recovered", "node/" + node, data));
      LOG.info("node {} recovered: {} -> {}", node, lost, to);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
