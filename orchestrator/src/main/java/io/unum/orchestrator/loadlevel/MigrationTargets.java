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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a migration before it is accepted, and picks its host when none is named: a running,
 * unpinned node, not migrating already, to another host that is up, not in maintenance and has
 * room. Unnamed, the balancer's cost model picks the host least loaded after the move (placement's
 * choice when the hosts' loads are not known). A move goes over TLS, the only transport, so both
 * hosts need the certificates. Refusals say what is wrong: 409 for the node's state, 422 for the target.
 */
public final class MigrationTargets {
  private final ClusterView cluster;
  private final LoadStore loads;
  private final Supplier<BalancerSettings> settings;

  public MigrationTargets(ClusterView cluster, LoadStore loads, Supplier<BalancerSettings> settings) {
    this.cluster = cluster;
    this.loads = loads;
    this.settings = settings;
  }

  /** Where {@code spec} goes among {@code hosts} (loads) or {@code rooms} (placement, when no load is known). */
  private Placement.Decision pick(NodeSpec spec, LoadSnapshot snapshot, List<Balancer.Host> hosts,
      Map<String, HostCapacity> rooms) {
    Optional<NodeDemand> demand = snapshot.demand(spec);
    if (demand.isPresent() && hosts.stream().anyMatch(h -> !h.name().equals(spec.host()))) {
      return Balancer.bestHost(hosts, new Balancer.Candidate(spec, demand.get().cpuDemand()), settings.get());
    }
    return Placement.place(spec.boundTo(""), rooms.values());
  }

  /** Where one node of an evacuated host goes, or why it cannot go anywhere. */
  public record Move(int node, String to, String refusal) {}

  /**
   * Where each running node of {@code host} goes when the host is emptied: smallest first (they
   * move fastest), each to the host least loaded after it (the one with most room when every host
   * would be overloaded), counting what the earlier ones take.
   */
  public List<Move> evacuate(String host) {
    LoadSnapshot snapshot = LoadSnapshot.of(cluster, loads, System.currentTimeMillis());
    String sourceRefusal = tlsRefusal(host);
    Set<Integer> running = new HashSet<>();
    cluster.statuses().stream().filter(s -> s.state() == NodeState.RUNNING).forEach(s -> running.add(s.node()));
    Map<String, HostCapacity> rooms = new LinkedHashMap<>(snapshot.rooms());
    rooms.keySet().removeIf(h -> h.equals(host) || tlsRefusal(h) != null);
    List<Balancer.Host> hosts = new ArrayList<>(snapshot.hosts());
    hosts.removeIf(h -> !rooms.containsKey(h.name()));
    List<Move> moves = new ArrayList<>();
    List<NodeSpec> leaving = snapshot.specs().stream()
        .filter(s -> host.equals(s.host()) && running.contains(s.node()) && !s.isMigrating())
        .sorted(Comparator.comparingInt(NodeSpec::memoryMiB).thenComparingInt(NodeSpec::node)).toList();
    for (NodeSpec spec : leaving) {
      if (!spec.pinnedHost().isEmpty()) {
        moves.add(new Move(spec.node(), null, "pinned to " + spec.pinnedHost()));
        continue;
      }
      if (sourceRefusal != null) {
        moves.add(new Move(spec.node(), null, sourceRefusal));
        continue;
      }
      Placement.Decision byLoad = pick(spec, snapshot, hosts, rooms);
      // A drain must empty the host: when every host would be overloaded, room alone decides.
      Placement.Decision decision = byLoad.placed() ? byLoad : Placement.place(spec.boundTo(""), rooms.values());
      if (!decision.placed()) {
        moves.add(new Move(spec.node(), null, decision.reason()));
        continue;
      }
      // Count what the earlier moves take: room for placement, demand for the cost model.
      rooms.computeIfPresent(decision.host(), (name, h) -> h.plus(spec.cpus(), spec.memoryMiB()));
      double demand = snapshot.demand(spec).map(NodeDemand::cpuDemand).orElse(0.0);
      if (hosts.stream().anyMatch(h -> h.name().equals(decision.host()))) {
        hosts = new ArrayList<>(Balancer.afterMove(hosts, new Balancer.Candidate(spec, demand), decision.host()));
      }
      moves.add(new Move(spec.node(), decision.host(), null));
    }
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
    requireTls(node, spec.host());
    Map<String, HostCapacity> hosts = HostCapacity.of(cluster.hosts(), cluster.maintenance(), specs);
    hosts.remove(spec.host());
    NodeSpec moving = spec.boundTo("");
    if (to == null) {
      // Only hosts that can receive it over TLS.
      hosts.keySet().removeIf(h -> tlsRefusal(h) != null);
      LoadSnapshot snapshot = LoadSnapshot.of(cluster, loads, System.currentTimeMillis());
      List<Balancer.Host> loaded = snapshot.hosts().stream()
          .filter(h -> h.name().equals(spec.host()) || hosts.containsKey(h.name())).toList();
      Placement.Decision best = pick(spec, snapshot, loaded, hosts);
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
    requireTls(node, to);
    Placement.Decision decision = Placement.place(moving, List.of(target));
    if (!decision.placed()) {
      throw new IllegalArgumentException("node " + node + " cannot go to " + to + ": " + decision.reason());
    }
    return to;
  }

  private void requireTls(int node, String host) {
    String refusal = tlsRefusal(host);
    if (refusal != null) {
      throw new IllegalArgumentException("node " + node + " cannot migrate over tls: " + refusal);
    }
  }

  /** Why {@code host} can take no part in a migration (over TLS, the only transport); null when it can. */
  private String tlsRefusal(String host) {
    boolean ready = cluster.hosts().stream().filter(h -> h.name().equals(host)).findFirst()
        .map(h -> h.info().migrationTls()).orElse(false);
    return ready ? null : host + " has no certificates for migration over TLS: install its certificate there"
        + " ('unum tls setup', see 'unum tls --help') and restart its orchestrator";
  }
}
