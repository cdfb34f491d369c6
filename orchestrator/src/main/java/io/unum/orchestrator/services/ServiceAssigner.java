package io.unum.orchestrator.services;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's service pass (beside placement and the init role): assigns services to running
 * nodes with {@link ServicePlan}, publishes {@code service.placed} for each that moved, and
 * forgets the instances of nodes that no longer run (their agents cannot report any more). The
 * assignment carries the leader's epoch: a deposed leader never replaces a newer leader's.
 */
public final class ServiceAssigner {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAssigner.class);

  private final SharedValue<ServiceCatalog> catalog;
  private final SharedValue<ServiceAssignment> assignment;
  private final ServiceInstanceStore instances;
  private final ClusterView cluster;
  private final IntSupplier level;
  private final EventLog events;
  private final LeaderTerm term;

  /** @param level the run level services follow: the cluster's, or the target of a change under way */
  public ServiceAssigner(SharedValue<ServiceCatalog> catalog, SharedValue<ServiceAssignment> assignment,
      ServiceInstanceStore instances, ClusterView cluster, IntSupplier level, EventLog events,
      LeaderTerm term) {
    this.catalog = catalog;
    this.assignment = assignment;
    this.instances = instances;
    this.cluster = cluster;
    this.level = level;
    this.events = events;
    this.term = term;
  }

  /** One pass; a no-op except on the leader. */
  public void pass() {
    long epoch = term.epoch();
    if (epoch == LeaderStamp.NONE) {
      return;
    }
    ServiceAssignment previous = assignment.get().orElse(null);
    long stamp;
    try {
      // Against the assignment read, which the replace below compares in full: atomic.
      stamp = LeaderStamp.after(previous == null ? LeaderStamp.NONE : previous.leaderEpoch(), epoch,
          "the service assignment");
    } catch (DeposedLeaderException e) {
      if (!term.overtake(e.newer())) {
        LOG.warn("service pass stopped: {}", e.getMessage());
      }
      return;
    }
    Set<Integer> running = new TreeSet<>();
    for (NodeStatus status : cluster.statuses()) {
      if (status.state() == NodeState.RUNNING) {
        running.add(status.node());
      }
    }
    for (Integer node : instances.all().keySet()) {
      if (!running.contains(node)) {
        instances.remove(node);
      }
    }
    ServiceAssignment next = ServicePlan.assign(catalog.get().orElse(ServiceCatalog.EMPTY), level.getAsInt(),
        running, previous, System.currentTimeMillis()).madeBy(stamp);
    if (next.sameAs(previous)) {
      if (previous.leaderEpoch() < stamp) {
        // A new leader's first pass claims the assignment, so its predecessor can no longer replace it.
        assignment.replace(previous, previous.madeBy(stamp));
      }
      return;
    }
    if (!assignment.replace(previous, next)) {
      return;
    }
    ServiceAssignment before = previous == null ? ServiceAssignment.NONE : previous;
    Set<String> names = new TreeSet<>(next.nodes().keySet());
    names.addAll(before.nodes().keySet());
    for (String service : names) {
      List<Integer> from = before.of(service);
      List<Integer> to = next.of(service);
      if (!from.equals(to)) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("service", service);
        data.put("nodes", to);
        data.put("previous", from);
        data.put("runLevel", next.level());
        events.publish(Event.of("service.placed", "service/" + service, data));
        LOG.info("service {}: nodes {} -> {} (run level {})", service, from, to, next.level());
      }
    }
  }
}
