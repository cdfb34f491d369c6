package io.unum.orchestrator.cluster;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/** Puts together {@link ClusterStatus} from the store and the control plane. */
public final class StatusService {
  private final ClusterStore store;
  private final HostInfo thisHost;
  private final IntSupplier members;
  private final String version;

  public StatusService(ClusterStore store, HostInfo thisHost, IntSupplier members, String version) {
    this.store = store;
    this.thisHost = thisHost;
    this.members = members;
    this.version = version;
  }

  public ClusterStatus status() {
    Map<String, Long> byState = new TreeMap<>();
    for (NodeStatus status : store.statuses()) {
      byState.merge(status.state().label(), 1L, Long::sum);
    }
    return new ClusterStatus(version, thisHost, members.getAsInt(),
        store.hosts().stream().sorted(Comparator.comparing(HostInfo::name)).toList(),
        store.specs().size(), byState);
  }
}
