package io.unum.orchestrator.interconnect;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/** The arithmetic of the mesh: a cluster's VNI, the nodes' MTU, and whom to tunnel to. */
public final class MeshPlan {
  /** Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14) headers. */
  static final int VXLAN_OVERHEAD = 50;
  /** Below this IPv6 does not work at all (RFC 8200), and no sane underlay is that small. */
  static final int MIN_OVERLAY_MTU = 1280;
  private static final int MAX_VNI = (1 << 24) - 1;

  private MeshPlan() {}

  /**
   * The cluster's VXLAN network identifier: {@code 1 + CRC-32(UTF-8 name) mod 16777215}, so
   * 1..16777215. Every host computes the same one from the cluster name alone, with no
   * coordination; this formula must never change, or hosts of different versions would no
   * longer reach each other's nodes.
   */
  public static int vniOf(String clusterName) {
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException("a cluster name is needed to derive its VXLAN id");
    }
    CRC32 crc = new CRC32();
    crc.update(clusterName.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % MAX_VNI) + 1;
  }

  /** The MTU nodes get when their frames travel in VXLAN over an underlay of that MTU. */
  public static int overlayMtu(int underlayMtu) {
    int overlay = underlayMtu - VXLAN_OVERHEAD;
    if (overlay < MIN_OVERLAY_MTU) {
      throw new IllegalArgumentException("the interconnect's underlay MTU is " + underlayMtu
          + ", which leaves " + overlay + " for nodes after " + VXLAN_OVERHEAD
          + " bytes of VXLAN headers; nodes need at least " + MIN_OVERLAY_MTU);
    }
    return overlay;
  }

  /**
   * The addresses to tunnel to: those of the hosts that are up, except this host (by name or by
   * address: a tunnel to itself would loop). Blank addresses are skipped, duplicates merged.
   */
  public static Set<String> peerAddresses(Collection<MeshHost> hosts, String selfName, String selfAddress) {
    Set<String> peers = new TreeSet<>();
    for (MeshHost host : hosts) {
      if (!host.up() || Objects.equals(host.name(), selfName) || host.address() == null || host.address().isBlank()) {
        continue;
      }
      String address = host.address().strip();
      if (!address.equals(selfAddress)) {
        peers.add(address);
      }
    }
    return Collections.unmodifiableSet(peers);
  }
}
