package io.unum.orchestrator.hostmesh;

import java.nio.file.Path;
import java.util.Map;

/** This host's WireGuard device, whatever provides it (the kernel, or wireguard-go on a TUN device). */
public interface WireGuardDevice {

  /** Makes {@code file} hold a private key (a new one, mode 0600, when it holds none); returns its public key. */
  String ensureKey(Path file);

  /**
   * Makes the device exist and be up with that private key, UDP port and address
   * ({@code IP/PREFIX}), the address reachable through the device alone; peers it already has stay.
   */
  void ensure(Path privateKey, int listenPort, String addressWithPrefix);

  /** The peers the device has now, by public key, with when each last completed a handshake. */
  Map<String, PeerState> peers();

  /** Adds {@code peer}, or changes its address and endpoint. */
  void setPeer(MeshPeer peer);

  /** Removes the peer with that public key. */
  void removePeer(String publicKey);

  /** Removes the device (and with it every peer, and its address's guard); nothing happens when there is none. */
  void remove();

  /**
   * A peer as the device holds it.
   *
   * @param handshakeEpochSeconds when its last handshake completed, 0 for never
   */
  record PeerState(MeshPeer peer, long handshakeEpochSeconds) {}
}
