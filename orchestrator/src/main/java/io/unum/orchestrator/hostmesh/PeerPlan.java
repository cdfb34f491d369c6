package io.unum.orchestrator.hostmesh;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which cards become peers: those the cluster CA vouches for, of other hosts, each on a mesh
 * address no other card claims. Pure: the caller reads the cards and the clock.
 *
 * @param peers    the peers the device should have, by host name
 * @param refused  why each refused card (by file name) was refused
 */
public record PeerPlan(Map<String, MeshPeer> peers, Map<String, String> refused) {

  /** The plan for the host {@code self} (on mesh address {@code selfAddress}) from the cards read. */
  public static PeerPlan of(Map<String, MeshCard> cards, String self, String selfAddress, X509Certificate ca,
      long nowMillis) {
    Map<String, String> refused = new TreeMap<>();
    Map<String, List<MeshCard>> byAddress = new LinkedHashMap<>();
    cards.forEach((file, card) -> {
      if (card == null) {
        refused.put(file, "not a mesh card, or larger than " + MeshDirectory.MAX_CARD_BYTES + " bytes");
        return;
      }
      if (!file.equals(card.host() + ".json")) {
        refused.put(file, "the card is for host '" + card.host() + "', not for its file's name");
        return;
      }
      var problem = card.problem(ca, nowMillis);
      if (problem.isPresent()) {
        refused.put(file, problem.get());
      } else if (!card.host().equals(self)) {
        byAddress.computeIfAbsent(card.address(), a -> new ArrayList<>()).add(card);
      }
    });
    Map<String, MeshPeer> peers = new TreeMap<>();
    byAddress.forEach((address, claims) -> {
      if (address.equals(selfAddress)) {
        claims.forEach(c -> refused.put(c.host() + ".json", "it claims this host's mesh address " + address
            + " (host addresses must differ in their last two bytes)"));
      } else if (claims.size() > 1) {
        List<String> hosts = claims.stream().map(MeshCard::host).toList();
        claims.forEach(c -> refused.put(c.host() + ".json", "hosts " + hosts + " share mesh address " + address
            + " (host addresses must differ in their last two bytes)"));
      } else {
        peers.put(claims.get(0).host(), claims.get(0).peer());
      }
    });
    return new PeerPlan(peers, refused);
  }
}
