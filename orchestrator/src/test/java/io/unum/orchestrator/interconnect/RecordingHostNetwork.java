package io.unum.orchestrator.interconnect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A {@link HostNetwork} in memory that records every change it makes, and only changes. */
final class RecordingHostNetwork implements HostNetwork {
  final List<String> changes = new ArrayList<>();
  /** Link name to a description of it, e.g. "bridge" or "vxlan 42 10.0.0.1 mtu 1450 master unum0". */
  final Map<String, String> links = new HashMap<>();
  final Map<String, Set<String>> floods = new HashMap<>();
  final Map<String, Integer> mtuByAddress = new HashMap<>();

  @Override
  public void ensureBridge(String name) {
    if (!links.containsKey(name)) {
      links.put(name, "bridge");
      changes.add("add bridge " + name);
    }
  }

  @Override
  public void removeBridge(String name) {
    removeLink(name);
  }

  @Override
  public List<String> addresses(String link) {
    return List.of();
  }

  @Override
  public List<String> ipv4Networks(String excludedLink) {
    return List.of();
  }

  @Override
  public boolean exists(String link) {
    return links.containsKey(link);
  }

  @Override
  public void ensureVxlan(String name, int vni, String localAddress, String bridge, int mtu) {
    if (!links.containsKey(bridge)) {
      throw new IllegalStateException("no bridge " + bridge);
    }
    String wanted = "vxlan " + vni + " " + localAddress + " mtu " + mtu + " master " + bridge;
    if (!wanted.equals(links.get(name))) {
      links.put(name, wanted);
      changes.add("set " + name + " " + wanted);
    }
  }

  @Override
  public Set<String> floodPeers(String vxlan) {
    return Set.copyOf(floods.getOrDefault(vxlan, Set.of()));
  }

  @Override
  public void ensureFloodPeers(String vxlan, Set<String> peers) {
    if (!links.containsKey(vxlan)) {
      throw new IllegalStateException("no link " + vxlan);
    }
    Set<String> current = floods.computeIfAbsent(vxlan, v -> new TreeSet<>());
    for (String peer : peers) {
      if (current.add(peer)) {
        changes.add("flood " + vxlan + " +" + peer);
      }
    }
    for (String peer : new ArrayList<>(current)) {
      if (!peers.contains(peer)) {
        current.remove(peer);
        changes.add("flood " + vxlan + " -" + peer);
      }
    }
  }

  @Override
  public int mtuOfDeviceHolding(String address) {
    Integer mtu = mtuByAddress.get(address);
    if (mtu == null) {
      throw new IllegalStateException("no device holds " + address);
    }
    return mtu;
  }

  @Override
  public void removeLink(String name) {
    if (links.remove(name) != null) {
      floods.remove(name);
      changes.add("del " + name);
    }
  }
}
