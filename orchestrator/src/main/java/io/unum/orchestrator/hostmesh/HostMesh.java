package io.unum.orchestrator.hostmesh;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's place on the host mesh: the encrypted, authenticated WireGuard network the control
 * plane rides on. It publishes the host's signed card, and every second makes the device's peers
 * exactly the hosts whose cards the cluster CA vouches for. The device outlives the daemon (a
 * restart does not cut the mesh); {@code unum down} removes it.
 */
public final class HostMesh implements AutoCloseable {
  /** The device's name on every host. */
  public static final String DEVICE = "unum-wg0";
  /** WireGuard's usual UDP port. */
  public static final int DEFAULT_PORT = 51820;
  private static final Logger LOG = LoggerFactory.getLogger(HostMesh.class);
  private static final long FOLLOW_MILLIS = 1000;
  /**
   * While no card changes, how often the device is still checked against them: a peer removed
   * behind Unum's back, a certificate that expired. Checking means verifying every card's
   * signature and running {@code wg}: too much to do every second for nothing.
   */
  private static final long RECHECK_MILLIS = 10_000;
  /** A peer drops a first handshake from a host it has no card of yet; WireGuard tries again after 5 s. */
  private static final long FIRST_HANDSHAKE_MILLIS = 7000;

  private final WireGuardDevice device;
  private final MeshDirectory directory;
  private final HostCertificate certificate;
  private final String hostName;
  private final String underlay;
  private final int port;
  private final Path keyFile;
  private final String address;
  private final LongSupplier clock;
  private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "host-mesh");
    thread.setDaemon(true);
    return thread;
  });
  private Map<String, String> lastRefused = Map.of();
  /** The cards the device was last made to match, and when (by {@link #clock}). */
  private Map<String, MeshCard> followed;
  private long followedAt;

  /**
   * @param underlay this host's own address on the network between hosts (IPv4)
   * @param keyFile  where this host keeps its WireGuard private key (made on first start)
   */
  public HostMesh(WireGuardDevice device, MeshDirectory directory, HostCertificate certificate, String hostName,
      String underlay, int port, Path keyFile, LongSupplier clock) {
    this.device = device;
    this.directory = directory;
    this.certificate = certificate;
    this.hostName = hostName;
    this.underlay = underlay;
    this.port = port;
    this.keyFile = keyFile;
    this.address = MeshAddresses.of(underlay);
    this.clock = clock;
  }

  /** This host's address on the mesh, where its control plane listens. */
  public String address() {
    return address;
  }

  /**
   * Brings the device up, publishes this host's card, takes the peers whose cards are there and
   * waits (a few seconds at most) for their first handshakes, so the control plane's join finds
   * them; then follows the cards every second.
   */
  public HostMesh start() {
    String publicKey = device.ensureKey(keyFile);
    device.ensure(keyFile, port, address + "/" + MeshAddresses.PREFIX_LENGTH);
    directory.publish(MeshCard.signed(hostName, underlay + ":" + port, publicKey, certificate.certificatePem(),
        certificate.key()));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIRST_HANDSHAKE_MILLIS);
    while (true) {
      follow();
      Map<String, WireGuardDevice.PeerState> peers = device.peers();
      if (peers.values().stream().allMatch(p -> p.handshakeEpochSeconds() > 0) || System.nanoTime() > deadline) {
        long shaken = peers.values().stream().filter(p -> p.handshakeEpochSeconds() > 0).count();
        LOG.info("host mesh: {} on {} ({}), {} of {} peers answered", DEVICE, address, underlay + ":" + port,
            shaken, peers.size());
        break;
      }
      peers.values().forEach(p -> nudge(p.peer().address()));
      sleep(500);
    }
    follower.scheduleWithFixedDelay(this::followQuietly, FOLLOW_MILLIS, FOLLOW_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Makes the device's peers those of the valid cards; says once what changed and which cards it
   * refuses. Does nothing when the cards are those it followed less than {@link #RECHECK_MILLIS} ago.
   */
  synchronized void follow() {
    Map<String, MeshCard> cards = directory.read();
    long at = clock.getAsLong();
    if (cards.equals(followed) && at - followedAt < RECHECK_MILLIS) {
      return;
    }
    PeerPlan plan = PeerPlan.of(cards, hostName, address, certificate.ca(), at);
    Map<String, WireGuardDevice.PeerState> current = device.peers();
    plan.peers().forEach((host, peer) -> {
      WireGuardDevice.PeerState now = current.get(peer.publicKey());
      if (now == null || !now.peer().address().equals(peer.address())
          || !Objects.equals(now.peer().endpoint(), peer.endpoint())) {
        device.setPeer(peer);
        if (now == null) {
          LOG.info("host mesh: peer {} at {} ({})", host, peer.address(), peer.endpoint());
        }
      }
    });
    for (String key : current.keySet()) {
      if (plan.peers().values().stream().noneMatch(p -> p.publicKey().equals(key))) {
        device.removePeer(key);
        LOG.info("host mesh: removed peer {} ({}): no valid card names it", current.get(key).peer().address(), key);
      }
    }
    plan.refused().forEach((file, why) -> {
      if (!why.equals(lastRefused.get(file))) {
        LOG.warn("host mesh: card {} refused: {}", file, why);
      }
    });
    lastRefused = plan.refused();
    followed = cards;
    followedAt = at;
  }

  private void followQuietly() {
    try {
      follow();
    } catch (RuntimeException e) {
      LOG.error("host mesh: update failed; retrying: {}", e.getMessage());
    }
  }

  /** Any packet to a peer starts a handshake with it; nobody listens on the discard port. */
  private static void nudge(String meshAddress) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName(meshAddress), 9));
    } catch (IOException e) {
      LOG.debug("host mesh: nudge of {} failed: {}", meshAddress, e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the host mesh came up", e);
    }
  }

  @Override
  public void close() {
    follower.shutdownNow();
  }
}
