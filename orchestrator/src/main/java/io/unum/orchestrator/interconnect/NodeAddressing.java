package io.unum.orchestrator.interconnect;

/**
 * Derives a node's interconnect IP and MAC from its number, so a node keeps both wherever it
 * runs. Addresses come from an IPv4 CIDR; node N gets host number N.
 */
public final class NodeAddressing {
  private final int network;
  private final int prefix;

  /** @param cidr the cluster's interconnect network, e.g. {@code 10.213.0.0/24} */
  public NodeAddressing(String cidr) {
    String[] parts = cidr.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("interconnect CIDR must look like 10.213.0.0/24, got '" + cidr + "'");
    }
    this.network = parseIpv4(parts[0], cidr);
    try {
      this.prefix = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("interconnect CIDR has a bad prefix length in '" + cidr + "'");
    }
    if (prefix < 8 || prefix > 30) {
      throw new IllegalArgumentException("interconnect CIDR prefix must be 8..30, got /" + prefix);
    }
    if ((network & hostMask()) != 0) {
      throw new IllegalArgumentException("interconnect CIDR '" + cidr + "' has host bits set");
    }
  }

  /** Refuses a network without an address for each of {@code nodes} node numbers. */
  public void requireRoomFor(int nodes) {
    if (capacity() < nodes) {
      throw new IllegalArgumentException("interconnect CIDR /" + prefix + " has room for " + capacity()
          + " nodes; a cluster may have " + nodes + " (use a /" + Integer.numberOfLeadingZeros(nodes + 1)
          + " or larger)");
    }
  }

  /** Whether this network shares any address with {@code otherCidr} (an IPv4 a.b.c.d/n). */
  public boolean overlaps(String otherCidr) {
    String[] parts = otherCidr.split("/", -1);
    int other = parseIpv4(parts[0], otherCidr);
    int otherPrefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
    int shorter = Math.min(prefix, otherPrefix);
    int mask = shorter == 0 ? 0 : (int) (0xFFFFFFFFL << (32 - shorter));
    return (network & mask) == (other & mask);
  }

  /** How many node numbers fit (network and broadcast addresses excluded). */
  public int capacity() {
    return hostMask() - 1;
  }

  /** The node's address with prefix, e.g. {@code 10.213.0.3/24}. */
  public String cidrOf(int node) {
    return ipOf(node) + "/" + prefix;
  }

  public String ipOf(int node) {
    if (node < 1 || node > capacity()) {
      throw new IllegalArgumentException("node " + node + " does not fit in /" + prefix);
    }
    int ip = network + node;
    return ((ip >>> 24) & 255) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
  }

  /** Locally administered MAC in QEMU's 52:54:00 range, last two bytes = node number. */
  public static String macOf(int node) {
    return String.format("52:54:00:75:%02x:%02x", (node >> 8) & 255, node & 255);
  }

  private int hostMask() {
    return (int) ((1L << (32 - prefix)) - 1);
  }

  private static int parseIpv4(String text, String cidr) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("interconnect CIDR '" + cidr + "' is not IPv4");
    }
    int value = 0;
    for (String octet : octets) {
      int n;
      try {
        n = Integer.parseInt(octet);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("interconnect CIDR '" + cidr + "' is not IPv4");
      }
      if (n < 0 || n > 255) {
        throw new IllegalArgumentException("interconnect CIDR '" + cidr + "' has an octet out of range");
      }
      value = (value << 8) | n;
    }
    return value;
  }
}
