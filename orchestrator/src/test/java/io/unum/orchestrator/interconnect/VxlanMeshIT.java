package io.unum.orchestrator.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/**
 * The real datapath, on this machine: two "hosts" (network namespaces joined by a veth, the
 * underlay) each run the real {@link IpRouteHostNetwork} through {@link InterconnectMesh}, and a
 * "node" namespace on each host's bridge pings the other across the VXLAN tunnel. Nothing leaves
 * the namespaces the test creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VxlanMeshIT {
  private static final String BRIDGE = "unum0";
  private static final String VXLAN = "unumvx0";
  /** Not 1500, so a right MTU proves it was read from the underlay. */
  private static final int UNDERLAY_MTU = 1400;
  private static final String ADDRESS_A = "10.250.0.1";
  private static final String ADDRESS_B = "10.250.0.2";
  private static final MeshHost HOST_A = new MeshHost("host-a", ADDRESS_A, true);
  private static final MeshHost HOST_B = new MeshHost("host-b", ADDRESS_B, true);

  private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
  private final String hostA = "unum-it-ha-" + suffix;
  private final String hostB = "unum-it-hb-" + suffix;
  private final String nodeA = "unum-it-na-" + suffix;
  private final String nodeB = "unum-it-nb-" + suffix;
  private final List<String> created = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private HostNetwork networkA;
  private HostNetwork networkB;
  private InterconnectMesh meshA;
  private InterconnectMesh meshB;

  @BeforeAll
  void buildTwoHostsAndTheirNodes() {
    Prerequisites.need(run("id", "-u").output.strip().equals("0"), "needs root to create network namespaces");
    Prerequisites.need(run("ip", "netns", "list").exitCode == 0, "needs 'ip netns'");
    for (String ns : List.of(hostA, hostB, nodeA, nodeB)) {
      must("ip", "netns", "add", ns);
      created.add(ns);
    }
    // The underlay: one cable between the two hosts.
    must("ip", "link", "add", "ul0", "netns", hostA, "type", "veth", "peer", "name", "ul0", "netns", hostB);
    underlay(hostA, ADDRESS_A);
    underlay(hostB, ADDRESS_B);

    networkA = new IpRouteHostNetwork(List.of("ip", "netns", "exec", hostA));
    networkB = new IpRouteHostNetwork(List.of("ip", "netns", "exec", hostB));
    meshA = new InterconnectMesh(networkA, BRIDGE, VXLAN, "vxlan-it", "host-a", ADDRESS_A);
    meshB = new InterconnectMesh(networkB, BRIDGE, VXLAN, "vxlan-it", "host-b", ADDRESS_B);
    meshA.update(List.of(HOST_A, HOST_B));
    meshB.update(List.of(HOST_A, HOST_B));

    plugNode(nodeA, hostA, "10.251.0.1/24");
    plugNode(nodeB, hostB, "10.251.0.2/24");
  }

  @AfterAll
  void removeNamespaces() {
    // Deleting a namespace deletes every device in it: veths, bridges, tunnels.
    for (String ns : created) {
      run("ip", "netns", "del", ns);
    }
  }

  @Test
  @Order(1)
  void nodeOnOneHostReachesNodeOnTheOther() {
    assertThat(ping(nodeA, "10.251.0.2", "-c", "3", "-W", "2")).isZero();
  }

  @Test
  @Order(2)
  void aFullSizeFrameCrossesUnfragmented() {
    int payload = MeshPlan.overlayMtu(UNDERLAY_MTU) - 28; // minus the inner IPv4 and ICMP headers
    long reassembledBefore = reassemblies(hostA);
    assertThat(ping(nodeB, "10.251.0.1", "-c", "1", "-W", "2", "-M", "do", "-s", Integer.toString(payload))).isZero();
    // Had the overhead been underestimated, the underlay would have split the tunnel's packets.
    assertThat(reassemblies(hostA)).isEqualTo(reassembledBefore);
  }

  @Test
  @Order(3)
  void tunnelAndBridgeTakeTheUnderlayMtuMinusTheHeaders() {
    assertThat(link(hostA, VXLAN).path("mtu").asInt()).isEqualTo(UNDERLAY_MTU - 50);
    assertThat(link(hostA, BRIDGE).path("mtu").asInt()).isEqualTo(UNDERLAY_MTU - 50);
    assertThat(networkA.mtuOfDeviceHolding(ADDRESS_A)).isEqualTo(UNDERLAY_MTU);
  }

  @Test
  @Order(4)
  void tunnelIsAPortOfTheBridgeWithTheClustersVni() {
    JsonNode vxlan = link(hostA, VXLAN);
    JsonNode data = vxlan.path("linkinfo").path("info_data");
    assertThat(vxlan.path("master").asText()).isEqualTo(BRIDGE);
    assertThat(data.path("id").asInt()).isEqualTo(MeshPlan.vniOf("vxlan-it"));
    assertThat(data.path("local").asText()).isEqualTo(ADDRESS_A);
    assertThat(data.path("port").asInt()).isEqualTo(4789);
    assertThat(networkA.addresses(VXLAN)).isEmpty();
  }

  @Test
  @Order(5)
  void floodListReadsBackExactlyThePeer() {
    assertThat(networkA.floodPeers(VXLAN)).containsExactly(ADDRESS_B);
    assertThat(networkB.floodPeers(VXLAN)).containsExactly(ADDRESS_A);
  }

  @Test
  @Order(6)
  void theSameHostsAgainChangeNothing() {
    int ifindex = link(hostA, VXLAN).path("ifindex").asInt();
    String fdb = must("ip", "netns", "exec", hostA, "bridge", "fdb", "show", "dev", VXLAN);

    meshA.update(List.of(HOST_B, HOST_A));
    networkA.ensureVxlan(VXLAN, MeshPlan.vniOf("vxlan-it"), ADDRESS_A, BRIDGE, UNDERLAY_MTU - 50);

    assertThat(link(hostA, VXLAN).path("ifindex").asInt()).isEqualTo(ifindex);
    assertThat(must("ip", "netns", "exec", hostA, "bridge", "fdb", "show", "dev", VXLAN)).isEqualTo(fdb);
  }

  @Test
  @Order(7)
  void anotherVniReplacesTheDevice() {
    int ifindex = link(hostB, VXLAN).path("ifindex").asInt();
    networkB.ensureVxlan(VXLAN, 4242, ADDRESS_B, BRIDGE, UNDERLAY_MTU - 50);
    assertThat(link(hostB, VXLAN).path("ifindex").asInt()).isNotEqualTo(ifindex);
    assertThat(link(hostB, VXLAN).path("linkinfo").path("info_data").path("id").asInt()).isEqualTo(4242);
    assertThat(link(hostB, VXLAN).path("master").asText()).isEqualTo(BRIDGE);

    networkB.ensureVxlan(VXLAN, MeshPlan.vniOf("vxlan-it"), ADDRESS_B, BRIDGE, UNDERLAY_MTU - 50);
    meshB.update(List.of(HOST_A, HOST_B));
    assertThat(networkB.floodPeers(VXLAN)).containsExactly(ADDRESS_A);
  }

  @Test
  @Order(8)
  void aHostThatLeavesTheListLosesItsFloodEntry() {
    meshA.update(List.of(HOST_A));
    assertThat(networkA.floodPeers(VXLAN)).isEmpty();
    meshA.update(List.of(HOST_A, new MeshHost("host-b", ADDRESS_B, false)));
    assertThat(networkA.floodPeers(VXLAN)).isEmpty();
    meshA.update(List.of(HOST_A, HOST_B));
    assertThat(networkA.floodPeers(VXLAN)).containsExactly(ADDRESS_B);
  }

  @Test
  @Order(9)
  void closingLeavesTheMeshButKeepsTheBridge() {
    meshA.close();
    assertThat(networkA.exists(VXLAN)).isFalse();
    assertThat(networkA.exists(BRIDGE)).isTrue();
  }

  private void underlay(String host, String address) {
    must("ip", "-n", host, "addr", "add", address + "/24", "dev", "ul0");
    must("ip", "-n", host, "link", "set", "ul0", "mtu", Integer.toString(UNDERLAY_MTU), "up");
  }

  /** A node's NIC: eth0 in the node namespace, its other end a port of the host's bridge. */
  private void plugNode(String node, String host, String cidr) {
    int mtu = MeshPlan.overlayMtu(UNDERLAY_MTU);
    must("ip", "link", "add", "eth0", "netns", node, "type", "veth", "peer", "name", "port0", "netns", host);
    must("ip", "-n", host, "link", "set", "port0", "mtu", Integer.toString(mtu), "master", BRIDGE, "up");
    must("ip", "-n", node, "addr", "add", cidr, "dev", "eth0");
    must("ip", "-n", node, "link", "set", "eth0", "mtu", Integer.toString(mtu), "up");
  }

  private int ping(String node, String target, String... options) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", node, "ping", "-n"));
    command.addAll(List.of(options));
    command.add(target);
    Result result = run(command.toArray(String[]::new));
    if (result.output.contains("ping: not found") || result.output.contains("No such file")) {
      throw new IllegalStateException("ping is missing: apt-get install iputils-ping");
    }
    System.out.println(result.output.strip());
    return result.exitCode;
  }

  /** How many fragmented IPv4 packets the namespace has had to put back together. */
  private static long reassemblies(String ns) {
    List<String> lines = must("ip", "netns", "exec", ns, "cat", "/proc/net/snmp").lines()
        .filter(line -> line.startsWith("Ip: ")).toList();
    List<String> names = List.of(lines.get(0).split(" "));
    return Long.parseLong(lines.get(1).split(" ")[names.indexOf("ReasmReqds")]);
  }

  private JsonNode link(String ns, String name) {
    try {
      return json.readTree(must("ip", "-n", ns, "-details", "-json", "link", "show", "dev", name)).path(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String must(String... command) {
    Result result = run(command);
    if (result.exitCode != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output.strip());
    }
    return result.output;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
