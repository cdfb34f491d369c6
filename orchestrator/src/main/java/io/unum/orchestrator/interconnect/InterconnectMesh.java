package io.unum.orchestrator.interconnect;

import java.util.Collection;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins this host's node bridge to the other hosts' at L2: one VXLAN device, port of the bridge,
 * replicating broadcasts to every other host that is up. Closing it takes this host out of the
 * mesh but leaves the bridge.
 */
public final class InterconnectMesh implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InterconnectMesh.class);

  private final HostNetwork network;
  private final String bridge;
  private final String vxlan;
  private final int vni;
  private final String selfName;
  private final String selfAddress;
  private boolean joined;
  private boolean closed;
  private Set<String> tunnels = Set.of();

  /** @param selfAddress this host's underlay IPv4 address, the one the other hosts tunnel to */
  public InterconnectMesh(HostNetwork network, String bridge, String vxlan, String clusterName,
      String selfName, String selfAddress) {
    this.network = network;
    this.bridge = bridge;
    this.vxlan = vxlan;
    this.vni = MeshPlan.vniOf(clusterName);
    this.selfName = selfName;
    this.selfAddress = selfAddress;
  }

  /**
   * Tunnels to exactly the other hosts in {@code hosts} that are up, creating the bridge and the
   * VXLAN device on the first call. Does nothing once closed.
   */
  public synchronized void update(Collection<MeshHost> hosts) {
    if (closed) {
      return;
    }
    if (!joined) {
      int mtu = MeshPlan.overlayMtu(network.mtuOfDeviceHolding(selfAddress));
      network.ensureBridge(bridge);
      network.ensureVxlan(vxlan, vni, selfAddress, bridge, mtu);
      joined = true;
      LOG.info("interconnect: {} joins VXLAN {} from {} on {}, MTU {}", vxlan, vni, selfAddress, bridge, mtu);
    }
    Set<String> peers = MeshPlan.peerAddresses(hosts, selfName, selfAddress);
    // Applied every time, not only on change: the kernel's list is read back, so entries someone
    // removed behind our back come back here.
    network.ensureFloodPeers(vxlan, peers);
    if (!peers.equals(tunnels)) {
      LOG.info("interconnect: tunnels to {}", peers);
      tunnels = peers;
    }
  }

  /** The addresses this host tunnels to since the last {@link #update}. */
  public synchronized Set<String> tunnels() {
    return tunnels;
  }

  public int vni() {
    return vni;
  }

  /** Removes the VXLAN device: the other hosts' traffic stops reaching this host's bridge. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    tunnels = Set.of();
    network.removeLink(vxlan);
    LOG.info("interconnect: {} removed, this host left the mesh", vxlan);
  }
}
