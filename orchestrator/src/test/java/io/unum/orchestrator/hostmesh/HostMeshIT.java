package io.unum.orchestrator.hostmesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.orchestrator.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host mesh on this machine: two "hosts" and a rogue (network namespaces on one
 * underlay switch) run the real {@link WgToolsDevice} (wireguard-go here: this kernel has no
 * WireGuard) under {@link HostMesh}, with certificates of a cluster CA made by openssl. Nothing
 * leaves the namespaces the test creates. CI runs as root; without root this fails, it does not skip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostMeshIT {
  private static final String UNDERLAY_A = "10.249.0.11";
  private static final String UNDERLAY_B = "10.249.0.12";
  private static final String UNDERLAY_ROGUE = "10.249.0.13";
  private static final int PORT = 51820;

  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
  private final String hostA = "unum-it-wa-" + suffix;
  private final String hostB = "unum-it-wb-" + suffix;
  private final String rogue = "unum-it-wr-" + suffix;
  private final String wire = "unum-it-ws-" + suffix;
  private final List<String> created = new ArrayList<>();
  private Path cards;
  private TestPki pki;
  private HostMesh meshA;
  private HostMesh meshB;
  private WgToolsDevice deviceA;
  private final List<WgToolsDevice> devices = new ArrayList<>();

  @BeforeAll
  void wireTheHosts(@TempDir Path dir) throws IOException {
    for (String ns : List.of(hostA, hostB, rogue, wire)) {
      must("ip", "netns", "add", ns);
      created.add(ns);
    }
    // The underlay: a switch (a bridge in its own namespace) and one cable per host.
    must("ip", "-n", wire, "link", "add", "sw", "type", "bridge");
    must("ip", "-n", wire, "link", "set", "sw", "up");
    plug(hostA, UNDERLAY_A, "pa");
    plug(hostB, UNDERLAY_B, "pb");
    plug(rogue, UNDERLAY_ROGUE, "pr");
    Path pkiDir = Files.createDirectories(dir.resolve("pki"));
    pki = new TestPki(pkiDir);
    cards = dir.resolve("shared/mesh");
    deviceA = device("uwa-", hostA);
    meshA = mesh(deviceA, "host-a", UNDERLAY_A, dir);
    meshB = mesh(device("uwb-", hostB), "host-b", UNDERLAY_B, dir);
  }

  @AfterAll
  void removeNamespaces() {
    if (meshA != null) {
      meshA.close();
      meshB.close();
    }
    // A wireguard-go ends with its TUN device, but would outlive its namespace.
    for (WgToolsDevice device : devices) {
      try {
        device.remove();
      } catch (IllegalStateException e) {
        System.out.println("[mesh] " + e.getMessage());
      }
    }
    for (String ns : created) {
      run("ip", "netns", "del", ns);
    }
  }

  @Test
  @Order(1)
  void twoHostsWithCardsReachEachOtherOnTheirMeshAddresses() {
    meshA.start();
    meshB.start();
    assertThat(meshA.address()).isEqualTo("100.127.0.11");
    Await.until("host-a and host-b to reach each other over the mesh", Duration.ofSeconds(20),
        () -> ping(hostA, "100.127.0.12") && ping(hostB, "100.127.0.11"));
    assertThat(deviceA.peers()).hasSize(1);
    assertThat(deviceA.peers().values().iterator().next().peer().endpoint()).isEqualTo(UNDERLAY_B + ":" + PORT);
  }

  @Test
  @Order(2)
  void aRogueThatRoutesTheMeshAddressThroughTheHostGetsNoAnswer() {
    // Linux would take the packet on the underlay for an address of any of its interfaces.
    must("ip", "-n", rogue, "route", "add", meshA.address() + "/32", "via", UNDERLAY_A);
    try {
      assertThat(ping(rogue, meshA.address())).as("ping of host-a's mesh address over the underlay").isFalse();
      assertThat(ping(rogue, UNDERLAY_A)).as("ping of host-a's underlay address").isTrue();
      assertThat(ping(hostB, meshA.address())).as("host-b over the mesh").isTrue();
    } finally {
      must("ip", "-n", rogue, "route", "del", meshA.address() + "/32", "via", UNDERLAY_A);
    }
  }

  @Test
  @Order(3)
  void aRogueWithTheHostsPublicKeyAndItsOwnKeyGetsNoAnswer() {
    // The rogue knows everything public: host-a's key and endpoint (the cards are readable).
    WgToolsDevice device = device("uwr-", rogue);
    Path key = cards.getParent().resolve("rogue.key");
    device.ensureKey(key);
    device.ensure(key, PORT, "100.127.0.13/16");
    device.setPeer(new MeshPeer(new MeshDirectory(cards).read().get("host-a.json").publicKey(), "100.127.0.11",
        UNDERLAY_A + ":" + PORT));
    assertThat(ping(rogue, "100.127.0.11")).isFalse();
    assertThat(device.peers().values().iterator().next().handshakeEpochSeconds()).isZero();
  }

  @Test
  @Order(4)
  void aCardOfAnotherCaIsNeverAPeer() throws IOException {
    Path other = Files.createDirectories(cards.getParent().resolve("other-ca"));
    HostCertificate forged = HostCertificate.read(new TestPki(other).issue("host-r", UNDERLAY_ROGUE));
    new MeshDirectory(cards).publish(MeshCard.signed("host-r", UNDERLAY_ROGUE + ":" + PORT,
        java.util.Base64.getEncoder().encodeToString(new byte[32]), forged.certificatePem(), forged.key()));
    meshA.follow();
    assertThat(deviceA.peers().values()).extracting(p -> p.peer().address()).containsExactly("100.127.0.12");
  }

  @Test
  @Order(5)
  void aHostWhoseCardGoesIsNoLongerAPeer() throws IOException {
    Files.delete(cards.resolve("host-b.json"));
    meshA.follow();
    assertThat(deviceA.peers()).isEmpty();
    assertThat(ping(hostA, "100.127.0.12")).isFalse();
  }

  @Test
  @Order(6)
  void removingTheDeviceEndsIt() {
    deviceA.remove();
    assertThat(run("ip", "-n", hostA, "link", "show", "uwa-" + suffix).exitCode).isNotZero();
  }

  private WgToolsDevice device(String prefix, String ns) {
    WgToolsDevice device = new WgToolsDevice(prefix + suffix, List.of("ip", "netns", "exec", ns));
    devices.add(device);
    return device;
  }

  private HostMesh mesh(WgToolsDevice device, String host, String underlay, Path dir) {
    HostCertificate certificate = HostCertificate.read(pki.issue(host, underlay));
    return new HostMesh(device, new MeshDirectory(cards), certificate, host, underlay, PORT,
        dir.resolve(host + ".key"), System::currentTimeMillis);
  }

  private void plug(String host, String underlay, String port) {
    must("ip", "link", "add", "eth0", "netns", host, "type", "veth", "peer", "name", port, "netns", wire);
    must("ip", "-n", wire, "link", "set", port, "master", "sw", "up");
    must("ip", "-n", host, "addr", "add", underlay + "/24", "dev", "eth0");
    must("ip", "-n", host, "link", "set", "eth0", "up");
    must("ip", "-n", host, "link", "set", "lo", "up");
  }

  private boolean ping(String ns, String address) {
    return run("ip", "netns", "exec", ns, "ping", "-n", "-c", "1", "-W", "1", address).exitCode == 0;
  }

  private record Result(int exitCode, String output) {}

  private static String must(String... command) {
    Result result = run(command);
    if (result.exitCode != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output);
    }
    return result.output;
  }

  private static Result run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
