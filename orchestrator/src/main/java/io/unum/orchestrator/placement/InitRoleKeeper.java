package io.unum.orchestrator.placement;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.DeposedLeaderException;
import io.unum.orchestrator.cluster.InitRole;
import io.unum.orchestrator.cluster.LeaderStamp;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's init-role pass: keeps the one init role on a running node (the root node first)
 * and moves it, with a new epoch, as soon as its holder stops running. Runs beside the placement
 * pass; a grant is a compare-and-set, so two leaders for a moment cannot grant it twice, and it
 * carries the leader's epoch, so a deposed leader never replaces a newer leader's grant.
 */
public final class InitRoleKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(InitRoleKeeper.class);

  private final ClusterStore store;
  private final SharedValue<InitRole> roles;
  private final EventLog events;
  private final LeaderTerm term;

  public InitRoleKeeper(ClusterStore store, SharedValue<InitRole> roles, EventLog events, LeaderTerm term) {
    this.store = store;
    this.roles = roles;
    this.events = events;
    this.term = term;
  }

  /** One pass; returns the new grant when it made one. */
  public Optional<InitRole> pass() {
    long epoch = term.epoch();
    if (epoch == LeaderStamp.NONE) {
      return Optional.empty();
    }
    List<Integer> nodes = store.specs().stream().map(NodeSpec::node).toList();
    List<Integer> running = store.statuses().stream().filter(s -> s.state() == NodeState.RUNNING)
        .map(NodeStatus::node).toList();
    InitRole current = roles.get().orElse(null);
    long stamp;
    try {
      // Against the grant read, which the replace below compares in full: atomic.
      stamp = LeaderStamp.after(current == null ? LeaderStamp.NONE : current.leaderEpoch(), epoch, "the init role");
    } catch (DeposedLeaderException e) {
      if (!term.overtake(e.newer())) {
        LOG.warn("init role pass stopped: {}", e.getMessage());
      }
      return Optional.empty();
    }
    Optional<InitRole> next = (current == null ? InitRole.NONE : current)
        .next(nodes, running, System.currentTimeMillis()).map(role -> role.grantedBy(stamp));
    if (next.isEmpty()) {
      if (current != null && current.leaderEpoch() < stamp) {
        // A new leader's first pass claims the grant, so its predecessor can no longer replace it.
        roles.replace(current, current.grantedBy(stamp));
      }
      return Optional.empty();
    }
    if (!roles.replace(current, next.get())) {
      return Optional.empty();
    }
    InitRole granted = next.get();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("node", granted.node() == 0 ? null : granted.node());
    data.put("epoch", granted.epoch());
    data.put("previous", current == null || current.node() == 0 ? null : current.node());
    events.publish(Event.of("cluster.init-role", "cluster", data));
    LOG.info("init role: {} (epoch {})", granted.node() == 0 ? "no node runs" : "node " + granted.node(),
        granted.epoch());
    return next;
  }
}
