package io.unum.orchestrator.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The static list of control-plane peers ({@code host:port}), checked before anything starts. */
public final class Peers {
  private Peers() {}

  /** Validates {@code peers}; the message of a failure names the offending entry. */
  public static List<String> parse(List<String> peers) {
    List<String> result = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String peer : peers) {
      String entry = peer.strip();
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("peer '" + peer + "' must look like HOST:PORT");
      }
      int port;
      try {
        port = Integer.parseInt(entry.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("peer '" + peer + "' has a port that is not a number");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("peer '" + peer + "' has port " + port + ", want 1..65535");
      }
      if (!seen.add(entry.toLowerCase())) {
        throw new IllegalArgumentException("host '" + entry + "' is listed twice in the host list");
      }
      String host = entry.substring(0, colon);
      try {
        // IP literals resolve without DNS; a name must resolve now, not in the middle of a join.
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("host '" + entry + "' in the host list does not resolve;"
            + " give an address or a name this host can resolve");
      }
      result.add(entry);
    }
    return List.copyOf(result);
  }
}
