package io.unum.orchestrator.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The hosts as users see and steer them: listing, one host, maintenance on and off. */
public final class HostService {
  private final ClusterStore store;
  private final ClusterView view;
  private final Quorum quorum;
  private final HostSilence silence;

  /**
   * @param view    what listings read (a local replica of the store's maps)
   * @param silence how long this host has not heard each host, shown with suspect and down ones
   */
  public HostService(ClusterStore store, ClusterView view, Quorum quorum, HostSilence silence) {
    this.store = store;
    this.view = view;
    this.quorum = quorum;
    this.silence = silence;
  }

  /** Every host the control plane knows, by name, with the nodes observed on it. */
  public List<HostView> hosts() {
    Map<String, List<Integer>> nodesByHost = new TreeMap<>();
    for (NodeStatus status : view.statuses()) {
      if (status.host() != null) {
        nodesByHost.computeIfAbsent(status.host(), h -> new ArrayList<>()).add(status.node());
      }
    }
    Map<String, String> maintenance = view.maintenance();
    return view.hosts().stream()
        .sorted(Comparator.comparing(HostStatus::name))
        .map(host -> HostView.of(host, nodesByHost.getOrDefault(host.name(), List.of()).stream()
            .sorted().toList(), maintenance.get(host.name()), silence.of(host.name())))
        .toList();
  }

  public HostView host(String name) {
    List<HostView> all = hosts();
    return all.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchHostException(name, all.stream().map(HostView::name).toList()));
  }

  /**
   * Puts a host in maintenance (no new nodes are placed on it; the ones it runs stay) or takes
   * it out. Doing what is already done changes nothing.
   */
  public HostView maintenance(String name, boolean enabled, String reason) {
    host(name);
    quorum.require("change the maintenance of host " + name);
    store.setMaintenance(name, enabled ? (reason == null ? "" : reason.strip()) : null);
    return host(name);
  }
}
