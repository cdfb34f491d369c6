package io.unum.orchestrator.hostmesh;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where a host is on the mesh: {@code 100.127.C.D} for the host whose underlay IPv4 address ends
 * in {@code C.D}. Every host computes every other host's mesh address from the static host list
 * alone, with no coordination; two hosts whose addresses end alike are refused by
 * {@link PeerPlan}. 100.127.0.0/16 is in the shared address space of RFC 6598, which sites
 * rarely route.
 */
public final class MeshAddresses {
  /** The mesh's network, as {@code ip addr} wants it on the device. */
  public static final int PREFIX_LENGTH = 16;
  private static final String PREFIX = "100.127.";

  private MeshAddresses() {}

  /** The mesh address of the host at {@code underlay} (an IPv4 address or a name that resolves to one). */
  public static String of(String underlay) {
    byte[] bytes = ipv4(underlay).getAddress();
    int c = bytes[2] & 0xff;
    int d = bytes[3] & 0xff;
    if ((c == 0 && d == 0) || (c == 255 && d == 255)) {
      throw new IllegalArgumentException("host address " + underlay + " ends in ." + c + "." + d
          + ", which is no host address on the mesh (" + PREFIX + "0.0/" + PREFIX_LENGTH + ")");
    }
    return PREFIX + c + "." + d;
  }

  /** The control-plane members {@code HOST:PORT} of {@code peers}, moved onto the mesh. */
  public static List<String> members(List<String> peers) {
    return peers.stream().map(peer -> {
      int colon = peer.lastIndexOf(':');
      return of(peer.substring(0, colon)) + peer.substring(colon);
    }).toList();
  }

  private static Inet4Address ipv4(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address instanceof Inet4Address v4) {
          return v4;
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host '" + host + "' does not resolve; give its IPv4 address");
    }
    throw new IllegalArgumentException("host '" + host + "' has no IPv4 address; the host mesh needs one");
  }
}
