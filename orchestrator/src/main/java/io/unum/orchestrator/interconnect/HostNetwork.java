package io.unum.orchestrator.interconnect;

import java.util.List;
import java.util.Set;

/**
 * The host's side of the interconnect, over iproute2. Every operation is idempotent: asking
 * for what already exists changes nothing.
 */
public interface HostNetwork {

  /** Ensures a bridge named {@code name} exists, is up, and carries NO IP address. */
  void ensureBridge(String name);

  /** Removes the bridge if it exists. */
  void removeBridge(String name);

  /** IPv4/IPv6 addresses on {@code link} (empty when none or when the link does not exist). */
  List<String> addresses(String link);

  /** Whether a link of that name exists. */
  boolean exists(String link);

  /**
   * Ensures a unicast VXLAN device {@code name} with that VNI, sending from {@code localAddress}
   * over the device that holds it, learning on, up, and a port of {@code bridge} (which must
   * exist). Re-creates it when it exists with other parameters. Sets {@code mtu} on the device
   * and on the bridge.
   */
  void ensureVxlan(String name, int vni, String localAddress, String bridge, int mtu);

  /** The hosts {@code vxlan} floods to: the destinations of its all-zero-MAC FDB entries. */
  Set<String> floodPeers(String vxlan);

  /** Makes {@link #floodPeers} exactly {@code peers}, adding and deleting FDB entries. */
  void ensureFloodPeers(String vxlan, Set<String> peers);

  /**
   * MTU of the device that holds the local IPv4 {@code address}.
   *
   * @throws IllegalStateException naming the address when no device on this host holds it
   */
  int mtuOfDeviceHolding(String address);

  /** Removes the link of that name if it exists. */
  void removeLink(String name);

  /** Every IPv4 network (address/prefix) on this host's links, except on {@code excludedLink}. */
  List<String> ipv4Networks(String excludedLink);
}
