package io.unum.orchestrator.placement;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.HostState;
import io.unum.orchestrator.cluster.HostStatus;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's placement pass: binds every node that should run but has no host to the host
 * {@link Placement} chooses. A binding is a compare-and-set on the spec, so two passes (or two
 * leaders for a moment) can never bind one node twice, and it carries the pass's leader epoch, so a
 * deposed leader cannot bind a node a newer one bound; the chosen host's node controller then
 * starts it.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final ClusterStore store;
  private final LeaderTerm term;

  /** @param term whether this host leads now, and with which epoch; passes on other hosts do nothing */
  public Scheduler(ClusterStore store, LeaderTerm term) {
    this.store = store;
    this.term = term;
  }

  /** One pass; returns how many nodes it bound. */
  public int pass() {
    long epoch = term.epoch();
    if (epoch == LeaderStamp.NONE) {
      return 0;
    }
    try {
      return place(epoch);
    } catch (DeposedLeaderException e) {
      if (!term.overtake(e.newer())) {
        LOG.warn("placement pass stopped: {}", e.getMessage());
      }
      return 0;
    }
  }

  private int place(long epoch) {
    List<NodeSpec> specs = store.specs().stream()
        .sorted(Comparator.comparingInt(NodeSpec::node)).toList();
    Collection<HostStatus> hostStates = store.hosts();
    Map<String, HostCapacity> hosts = HostCapacity.of(hostStates, store.maintenance(), specs);
    Map<String, HostState> states = hostStates.stream()
        .collect(Collectors.toMap(HostStatus::name, HostStatus::state, (a, b) -> a));
    specs = specs.stream().map(spec -> releasedFromDeadHost(spec, states, epoch)).toList();
    int bound = 0;
    for (NodeSpec spec : specs) {
      if (!spec.running() || spec.isBound()) {
        continue;
      }
      Placement.Decision decision = Placement.place(spec, hosts.values());
      long now = System.currentTimeMillis();
      if (!decision.placed()) {
        store.updateStatus(spec.node(), s -> s != null && decision.reason().equals(s.error()) ? s
            : NodeStatus.unplaced(spec.node(), decision.reason(), now));
        continue;
      }
      String host = decision.host();
      NodeSpec result = store.updateSpec(spec.node(), epoch, s -> s.isBound() ? s : s.boundTo(host)).orElse(null);
      if (result != null && host.equals(result.host())) {
        LOG.info("node {} placed on {}", spec.node(), host);
        hosts.computeIfPresent(host, (name, h) -> h.plus(spec.cpus(), spec.memoryMiB()));
        bound++;
      }
    }
    return bound;
  }

  /**
   * A node that should run, is known to be down, and is bound to a host that is gone (down, left,
   * or unknown) is unbound (unless pinned), so it is placed anew: its disk is on the shared folder.
   * A node whose state is running or booting stays: with its host silent, nobody knows it is down.
   * A suspect host keeps its nodes: it may only be busy, and come back within the deadline.
   */
  private NodeSpec releasedFromDeadHost(NodeSpec spec, Map<String, HostState> hosts, long epoch) {
    HostState host = hosts.get(spec.host());
    if (!spec.running() || !spec.isBound() || !spec.pinnedHost().isEmpty() || (host != null && !host.gone())) {
      return spec;
    }
    // No status at all is not "down": statuses are not kept on disk, so after every host restarted
    // a node still running on a host that has not registered again has none yet.
    NodeState state = store.status(spec.node()).map(NodeStatus::state).orElse(null);
    if (state != NodeState.STOPPED && state != NodeState.FAILED && state != NodeState.DEFINED) {
      return spec;
    }
    String dead = spec.host();
    NodeSpec released = store.updateSpec(spec.node(), epoch, s -> s.host().equals(dead) ? s.boundTo("") : s)
        .orElse(spec);
    LOG.info("node {} is down and its host {} is gone: placing it anew", spec.node(), dead);
    return released;
  }
}
