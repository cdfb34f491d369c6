package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.boot.NoSuchNodeException;
import io.unum.orchestrator.boot.NodeConflictException;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.placement.HostCapacity;
import io.unum.orchestrator.placement.Placement;
import java.util.List;
import java.util.Map;

/**
 * Checks a migration before it is accepted, and picks its host when none is named: a running,
 * unpinned node, not migrating already, to another host that is up, not in maintenance and has
 * room (the host placement would choose when none is named). Refusals say what is wrong: 409
 * for the node's state, 422 for the target.
 */
public final class MigrationTargets {
  private final ClusterView cluster;

  public MigrationTargets(ClusterView cluster) {
    this.cluster = cluster;
  }

  /** The host {@code node} goes to: {@code to} once checked, or the best other host when null. */
  public String choose(int node, String to) {
    List<NodeSpec> specs = List.copyOf(cluster.specs());
    NodeSpec spec = specs.stream().filter(s -> s.node() == node).findFirst()
        .orElseThrow(() -> new NoSuchNodeException(node, specs.stream().map(NodeSpec::node).toList()));
    NodeStatus status = cluster.statuses().stream().filter(s -> s.node() == node).findFirst().orElse(null);
    if (status == null || status.state() != NodeState.RUNNING) {
      throw new NodeConflictException("node " + node + " is " + (status == null ? "not started"
          : status.state().label()) + "; only a running node can migrate");
    }
    if (spec.isMigrating()) {
      throw new NodeConflictException("node " + node + " is already migrating to " + spec.migrateTo());
    }
    if (!spec.pinnedHost().isEmpty()) {
      throw new IllegalArgumentException("node " + node + " is pinned to " + spec.pinnedHost()
          + "; it can run nowhere else");
    }
    Map<String, HostCapacity> hosts = HostCapacity.of(cluster.hosts(), cluster.maintenance(), specs);
    hosts.remove(spec.host());
    NodeSpec moving = spec.boundTo("");
    if (to == null) {
      Placement.Decision best = Placement.place(moving, hosts.values());
      if (!best.placed()) {
        throw new IllegalArgumentException("no other host can take node " + node + ": " + best.reason());
      }
      return best.host();
    }
    if (to.equals(spec.host())) {
      throw new IllegalArgumentException("node " + node + " already runs on " + to);
    }
    HostCapacity target = hosts.get(to);
    if (target == null) {
      throw new IllegalArgumentException("no host '" + to + "' in the cluster; hosts: "
          + String.join(", ", hosts.keySet()) + ", " + spec.host());
    }
    Placement.Decision decision = Placement.place(moving, List.of(target));
    if (!decision.placed()) {
      throw new IllegalArgumentException("node " + node + " cannot go to " + to + ": " + decision.reason());
    }
    return to;
  }
}
