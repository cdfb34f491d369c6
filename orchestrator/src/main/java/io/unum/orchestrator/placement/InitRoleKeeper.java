package io.unum.orchestrator.placement;

import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.InitRole;
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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's init-role pass: keeps the one init role on a running node (the root node first)
 * and moves it, with a new epoch, as soon as its holder stops running. Runs beside the placement
 * pass; a grant is a compare-and-set, so two leaders for a moment cannot grant it twice.
 */
public final class InitRoleKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(InitRoleKeeper.class);

  private final ClusterStore store;
  private final SharedValue<InitRole> roles;
  private final EventLog events;
  private final BooleanSupplier leading;

  public InitRoleKeeper(ClusterStore store, SharedValue<InitRole> roles, EventLog events, BooleanSupplier leading) {
    this.store = store;
    this.roles = roles;
    this.events = events;
    this.leading = leading;
  }

  /** One pass; returns the new grant when it made one. */
  public Optional<InitRole> pass() {
    if (!leading.getAsBoolean()) {
      return Optional.empty();
    }
    List<Integer> nodes = store.specs().stream().map(NodeSpec::node).toList();
    List<Integer> running = store.statuses().stream().filter(s -> s.state() == NodeState.RUNNING)
        .map(NodeStatus::node).toList();
    InitRole current = roles.get().orElse(null);
    Optional<InitRole> next = (current == null ? InitRole.NONE : current)
        .next(nodes, running, System.currentTimeMillis());
    if (next.isEmpty() || !roles.replace(current, next.get())) {
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
