package io.unum.orchestrator.loadlevel;

import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.placement.HostCapacity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's load as the balancer weighs it at one moment: every host's room, the fresh loads,
 * and the hosts that take part (up, not in maintenance, with a load of the last few seconds).
 */
record LoadSnapshot(List<NodeSpec> specs, Map<String, HostCapacity> rooms, Map<String, HostLoad> loads,
    List<Balancer.Host> hosts) {

  /** A host's load older than this is not believed (its sampler is stuck or the host is gone). */
  static final long FRESH_MILLIS = 5_000;

  static LoadSnapshot of(ClusterView view, LoadStore store, long nowMillis) {
    List<NodeSpec> specs = List.copyOf(view.specs());
    Map<String, HostLoad> fresh = new HashMap<>();
    store.all().stream().filter(l -> nowMillis - l.sampledAtMillis() <= FRESH_MILLIS).forEach(l -> fresh.put(l.host(), l));
    Map<String, HostCapacity> rooms = HostCapacity.of(view.hosts(), view.maintenance(), specs);
    List<Balancer.Host> hosts = new ArrayList<>();
    rooms.values().stream().filter(r -> r.up() && r.maintenance() == null && r.degraded() == null && fresh.containsKey(r.name()))
        .forEach(r -> hosts.add(new Balancer.Host(r.name(), fresh.get(r.name()).cpuCapacity(),
            fresh.get(r.name()).cpuDemand(), r)));
    return new LoadSnapshot(specs, rooms, fresh, hosts);
  }

  boolean balanced(String host) {
    return hosts.stream().anyMatch(h -> h.name().equals(host));
  }

  /** What a node wants, as its host last measured it. */
  Optional<NodeDemand> demand(NodeSpec spec) {
    HostLoad load = loads.get(spec.host());
    return load == null ? Optional.empty()
        : load.nodes().stream().filter(n -> n.node() == spec.node()).findFirst();
  }
}
