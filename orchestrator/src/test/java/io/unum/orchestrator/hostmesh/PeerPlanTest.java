package io.unum.orchestrator.hostmesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerPlanTest {
  private static final String KEY_B = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String KEY_C = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
  private static final long NOW = System.currentTimeMillis();

  private HostCertificate a;
  private HostCertificate b;
  private HostCertificate c;
  private HostCertificate rogue;

  @BeforeAll
  void makeCertificates(@TempDir Path dir) {
    Path clusterDir = dir.resolve("cluster");
    clusterDir.toFile().mkdirs();
    TestPki cluster = new TestPki(clusterDir);
    a = HostCertificate.read(cluster.issue("host-a", "10.8.0.11"));
    b = HostCertificate.read(cluster.issue("host-b", "10.8.0.12"));
    c = HostCertificate.read(cluster.issue("host-c", "10.9.0.12"));
    Path other = dir.resolve("rogue");
    other.toFile().mkdirs();
    rogue = HostCertificate.read(new TestPki(other).issue("host-b", "10.8.0.12"));
  }

  @Test
  void aCardTheCaVouchesForBecomesAPeerAndTheHostsOwnIsSkipped() {
    PeerPlan plan = plan(Map.of("host-a.json", card(a, "host-a", "10.8.0.11", KEY_C),
        "host-b.json", card(b, "host-b", "10.8.0.12", KEY_B)));
    assertThat(plan.peers()).containsOnlyKeys("host-b");
    assertThat(plan.peers().get("host-b")).isEqualTo(new MeshPeer(KEY_B, "100.127.0.12", "10.8.0.12:51820"));
    assertThat(plan.refused()).isEmpty();
  }

  @Test
  void aCertificateOfAnotherCaIsRefused() {
    PeerPlan plan = plan(Map.of("host-b.json", card(rogue, "host-b", "10.8.0.12", KEY_B)));
    assertThat(plan.peers()).isEmpty();
    assertThat(plan.refused().get("host-b.json")).contains("not one of the cluster CA's");
  }

  @Test
  void aCardForAnotherHostThanItsCertificateIsRefused() {
    PeerPlan plan = plan(Map.of("host-d.json", card(b, "host-d", "10.8.0.12", KEY_B)));
    assertThat(plan.refused().get("host-d.json")).contains("certificate is for 'host-b', not 'host-d'");
  }

  @Test
  void anEndpointTheCertificateDoesNotNameIsRefused() {
    PeerPlan plan = plan(Map.of("host-b.json", card(b, "host-b", "10.8.0.99", KEY_B)));
    assertThat(plan.refused().get("host-b.json")).contains("does not name the endpoint's address 10.8.0.99");
  }

  @Test
  void aChangedKeyBreaksTheSignature() {
    MeshCard signed = card(b, "host-b", "10.8.0.12", KEY_B);
    MeshCard changed = new MeshCard(signed.host(), signed.address(), signed.endpoint(), KEY_C, signed.certificate(),
        signed.signature());
    assertThat(plan(Map.of("host-b.json", changed)).refused().get("host-b.json"))
        .contains("signature is not its certificate's");
  }

  @Test
  void aCardUnderAnotherFileNameOrNotACardIsRefused() {
    Map<String, MeshCard> cards = new HashMap<>();
    cards.put("host-x.json", card(b, "host-b", "10.8.0.12", KEY_B));
    cards.put("junk.json", null);
    PeerPlan plan = plan(cards);
    assertThat(plan.peers()).isEmpty();
    assertThat(plan.refused().get("host-x.json")).contains("not for its file's name");
    assertThat(plan.refused().get("junk.json")).contains("not a mesh card");
  }

  @Test
  void twoHostsOnOneMeshAddressAreBothRefused() {
    PeerPlan plan = plan(Map.of("host-b.json", card(b, "host-b", "10.8.0.12", KEY_B),
        "host-c.json", card(c, "host-c", "10.9.0.12", KEY_C)));
    assertThat(plan.refused()).as("refused").containsOnlyKeys("host-b.json", "host-c.json");
    assertThat(plan.peers()).isEmpty();
    assertThat(plan.refused()).containsOnlyKeys("host-b.json", "host-c.json");
    assertThat(plan.refused().get("host-c.json")).contains("share mesh address 100.127.0.12");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    PeerPlan plan = PeerPlan.of(Map.of("host-b.json", card(b, "host-b", "10.8.0.12", KEY_B)), "host-a",
        "100.127.0.11", a.ca(), NOW + 400L * 24 * 3600 * 1000);
    assertThat(plan.refused().get("host-b.json")).contains("not valid now");
  }

  private PeerPlan plan(Map<String, MeshCard> cards) {
    return PeerPlan.of(cards, "host-a", "100.127.0.11", a.ca(), NOW);
  }

  private static MeshCard card(HostCertificate cert, String host, String ip, String key) {
    return MeshCard.signed(host, ip + ":51820", key, cert.certificatePem(), cert.key());
  }
}
