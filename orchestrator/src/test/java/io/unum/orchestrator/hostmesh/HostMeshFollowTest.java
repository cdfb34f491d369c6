package io.unum.orchestrator.hostmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh follows the cards at once when they change, and re-checks the device only now and then when not. */
class HostMeshFollowTest {
  private static final String KEY_B = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY_C = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

  @TempDir
  Path dir;

  private final MemoryDevice device = new MemoryDevice();
  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
  private TestPki pki;
  private MeshDirectory cards;
  private HostMesh mesh;

  @BeforeEach
  void setUp() throws IOException {
    pki = new TestPki(Files.createDirectories(dir.resolve("pki")));
    cards = new MeshDirectory(dir.resolve("mesh"));
    mesh = new HostMesh(device, cards, HostCertificate.read(pki.issue("host-a", "10.9.0.1")), "host-a", "10.9.0.1",
        51820, dir.resolve("a.key"), clock::get);
    publish("host-b", "10.9.0.2", KEY_B);
  }

  private void publish(String host, String ip, String publicKey) {
    HostCertificate certificate = HostCertificate.read(pki.issue(host, ip));
    cards.publish(MeshCard.signed(host, ip + ":51820", publicKey, certificate.certificatePem(), certificate.key()));
  }

  @Test
  void unchangedCardsAreNotCheckedAgainForTenSecondsThenTheDeviceIsPutRight() {
    mesh.follow();
    assertThat(device.peers).containsOnlyKeys(KEY_B);
    int listed = device.listed.get();

    device.peers.clear(); // behind Unum's back
    mesh.follow();
    assertThat(device.listed.get()).as("the device is not even listed while the cards stay the same").isEqualTo(listed);
    assertThat(device.peers).isEmpty();

    clock.addAndGet(10_000);
    mesh.follow();
    assertThat(device.peers).as("checked again after 10 s").containsOnlyKeys(KEY_B);
  }

  @Test
  void aNewCardIsFollowedAtOnce() {
    mesh.follow();
    publish("host-c", "10.9.0.3", KEY_C);
    mesh.follow();
    assertThat(device.peers).containsOnlyKeys(KEY_B, KEY_C);
  }

  /** A device in memory that counts how often it is listed. */
  private static final class MemoryDevice implements WireGuardDevice {
    final Map<String, PeerState> peers = new LinkedHashMap<>();
    final AtomicInteger listed = new AtomicInteger();

    @Override
    public String ensureKey(Path file) {
      return Base64.getEncoder().encodeToString(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
          9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    }

    @Override
    public void ensure(Path privateKey, int listenPort, String addressWithPrefix) {
    }

    @Override
    public Map<String, PeerState> peers() {
      listed.incrementAndGet();
      return Map.copyOf(peers);
    }

    @Override
    public void setPeer(MeshPeer peer) {
      peers.put(peer.publicKey(), new PeerState(peer, 0));
    }

    @Override
    public void removePeer(String publicKey) {
      peers.remove(publicKey);
    }

    @Override
    public void remove() {
      peers.clear();
    }
  }
}
