package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.boot.NoSuchNodeException;
import io.unum.orchestrator.boot.NodeConflictException;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.placement.HostCapacity;
import io.unum.orchestrator.placement.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /** Where one node of an evacuated host goes, or why it cannot go anywhere. */
  public record Move(int node, String to, String refusal) {}

  /**
   * Where each running node of {@code host} goes when the host is emptied: smallest first (they
   * move fastest), each to the host placement picks, counting the room the earlier ones take.
   */
  public List<Move> evacuate(String host) {
    List<NodeSpec> specs = List.copyOf(cluster.specs());
    Set<Integer> running = new HashSet<>();
    cluster.statuses().stream().filter(s -> s.state() == NodeState.RUNNING).forEach(s -> running.add(s.node()));
    Map<String, HostCapacity> hosts = HostCapacity.of(cluster.hosts(), cluster.maintenance(), specs);
    hosts.remove(host);
    List<Move> moves = new ArrayList<>();
    specs.stream().filter(s -> host.equals(s.host()) && running.contains(s.node()) && !s.isMigrating())
        .sorted(Comparator.comparingInt(NodeSpec::memoryMiB).thenComparingInt(NodeSpec::node))
        .forEach(spec -> {
          if (!spec.pinnedHost().isEmpty()) {
            moves.add(new Move(spec.node(), null, "pinned to " + spec.pinnedHost()));
            return;
          }
          Placement.Decision decision = Placement.place(spec.boundTo(""), hosts.values());
          if (decision.placed()) {
            hosts.computeIfPresent(decision.host(), (name, h) -> h.plus(spec.cpus(), spec.memoryMiB()));
            moves.add(new Move(spec.node(), decision.host(), null));
          } else {
            moves.add(new Move(spec.node(), null, decision.reason()));
          }
        });
    return moves;
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
