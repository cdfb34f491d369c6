package io.unum.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.unum.orchestrator.hostmesh.HostMesh;
import io.unum.orchestrator.hostmesh.MeshAddresses;
import io.unum.orchestrator.lab.LabLayout;
import io.unum.orchestrator.testing.Await;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.Container;

/**
 * Unum's trust boundaries tried as an attacker would, on the lab: each attempt must be refused
 * with nothing changed. One attacker is a container of its own on the hosts' network.
 */
@UnumLab
@Order(7)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] AS_NOBODY = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  /** The stranger's address on the lab network: none of a lab host's (.11 to .18). */
  private static final String STRANGER = "172.31.213.200";

  private final HostLab lab;

  TrustLabIT(HostLab lab) {
    this.lab = lab;
  }

  @Test
  @Order(1)
  void aNodeUserCannotHaveTheHostReadAFileThroughAnAtArgument() {
    String shadow = lab.exec(HostLab.name(1), "head", "-n", "1", "/etc/shadow").getStdout().strip();
    assertThat(shadow).as("the host's /etc/shadow starts with its first account").isNotEmpty();
    for (String argument : new String[] {"@/etc/shadow", "@/dev/zero", "@/dev/urandom"}) {
      Api.Run run = lab.api(1).run(1, concat(AS_NOBODY, "unum", "ps", argument));
      assertThat(run.exit()).as("unum ps %s as nobody: %s", argument, run).isEqualTo(2);
      assertThat(run.stderr()).as("the argument is refused as written").contains("'" + argument + "'")
          .doesNotContain(shadow);
      assertThat(run.stdout()).isEmpty();
    }
    Api.Run ps = lab.api(1).run(1, concat(AS_NOBODY, "unum", "ps", "--node", "1"));
    assertThat(ps.exit()).as("the host still serves the node's commands: %s", ps).isZero();
  }

  @Test
  @Order(2)
  void aNodesKernelArgumentsCannotSetItsIdentity() {
    for (String args : new String[] {"unum.node=2", "quiet \\\"unum.pid_range=4096\\\"", "unum.ip=172.31.0.9/24"}) {
      Api.Response created = lab.api(1).post("/api/v1/nodes", "{\"node\": 60, \"start\": false, \"kernelArgs\": \""
          + args + "\"}");
      assertThat(created.status()).as("%s: %s", args, created.body()).isEqualTo(422);
      assertThat(created.body().path("detail").asText()).startsWith("kernelArgs may not set unum.");
      assertThat(lab.api(1).get("/api/v1/nodes/60").status()).as("no node was created").isEqualTo(404);
    }
  }

  @Test
  @Order(3)
  void aNodeUserHoldingManyCommandsCannotStopRootsRemoteKill() {
    Api.Run target = lab.api(1).run(3, "sh", "-c", "setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!");
    long pid = Long.parseLong(target.stdout().strip());
    try {
      // 32 commands that never end, from an unprivileged user of node 1: a few run, the rest are refused.
      Api.Run flood = lab.api(1).run(1, "sh", "-c", "for i in $(seq 32); do setpriv --reuid=1000 --regid=1000"
          + " --clear-groups unum run --node 2 -- sleep 600 >/tmp/flood.$i 2>&1 & done;"
          + " for t in $(seq 120); do n=$(grep -l 'already runs' /tmp/flood.* 2>/dev/null | wc -l);"
          + " [ \"$n\" -ge 28 ] && break; sleep 0.5; done; echo $n; cat /tmp/flood.* | sort | uniq -c | head -5");
      assertThat(flood.stdout().lines().findFirst().orElse("")).as("refused beyond the node's quota: %s", flood)
          .isEqualTo("28");
      assertThat(flood.stdout()).contains("node 1 already runs 4 unum commands");
      Api.Run kill = lab.api(1).run(1, "sh", "-c", "t0=$(date +%s%N); kill -0 " + pid
          + "; echo $? $(( ($(date +%s%N) - t0) / 1000000 ))");
      String[] answer = kill.stdout().strip().split(" ");
      assertThat(answer[0]).as("root's kill -0 of node 3's %d while node 1 is busy: %s", pid, kill).isEqualTo("0");
      System.out.println("[trust] root's remote kill answered in " + answer[1] + " ms with node 1's quota full");
    } finally {
      lab.api(1).run(1, "sh", "-c", "pkill -f 'unum run --node 2' ; rm -f /tmp/flood.*");
      lab.api(1).run(2, "pkill", "-u", "1000", "sleep");
      lab.api(1).run(3, "kill", String.valueOf(pid));
    }
  }

  @Test
  @Order(4)
  void theControlPlaneListensOnlyOnTheHostMesh() throws Exception {
    for (int host = 1; host <= lab.hosts(); host++) {
      String listening = lab.exec(HostLab.name(host), "ss", "-Hltn", "sport = :5701").getStdout();
      assertThat(listening).as("host %d's control-plane socket", host)
          .contains(MeshAddresses.of(LabLayout.address(host)) + ":5701")
          .doesNotContain(LabLayout.address(host) + ":5701").doesNotContain("0.0.0.0:5701").doesNotContain("*:5701");
      String peers = lab.exec(HostLab.name(host), "wg", "show", HostMesh.DEVICE, "latest-handshakes").getStdout();
      assertThat(peers.lines().filter(l -> !l.endsWith("\t0")).count()).as("host %d's mesh peers: %s", host, peers)
          .isEqualTo(lab.hosts() - 1);
    }
    for (var host : lab.api(1).get("/api/v1/hosts").body()) {
      int number = LabLayout.number(host.path("name").asText());
      assertThat(host.path("meshAddress").asText()).as("%s in GET /hosts", host.path("name").asText())
          .isEqualTo(MeshAddresses.of(LabLayout.address(number)));
    }
    try (Socket socket = new Socket()) {
      assertThatThrownBy(() -> socket.connect(new InetSocketAddress(LabLayout.address(1), 5701), 3000))
          .as("nothing answers on the underlay's control-plane port").isInstanceOf(ConnectException.class);
    }
  }

  @Test
  @Order(5)
  void aRogueOnTheLabNetworkCannotJoinTheControlPlaneAsMemberOrClient() throws Exception {
    String nodesBefore = lab.api(1).get("/api/v1/nodes").body().findValuesAsText("node").toString();
    List<String> targets = new ArrayList<>();
    List<List<String>> routes = new ArrayList<>();
    // The rogue routes each host's mesh address through that host's lab address, as anyone on its
    // network could (and so no packet of the test's goes to this machine's default route).
    for (int host = 1; host <= lab.hosts(); host++) {
      String mesh = MeshAddresses.of(LabLayout.address(host));
      targets.add(LabLayout.address(host) + ":5701");
      targets.add(mesh + ":5701");
      routes.add(List.of(mesh + "/32", "via", LabLayout.address(host)));
    }
    try {
      for (List<String> route : routes) {
        Launcher.Result added = Launcher.run(ipRoute("add", route), 10);
        assertThat(added.exitCode()).as("%s: %s", ipRoute("add", route), added).isZero();
      }
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(MeshAddresses.of(LabLayout.address(1)), 5701), 2000))
            .as("the member port through the lab network, not the mesh").isInstanceOf(ConnectException.class);
      }
      joinAsRogue(targets);
    } finally {
      routes.forEach(route -> Launcher.run(ipRoute("del", route), 10)); // those never added fail harmlessly
    }
    assertThat(lab.api(1).get("/api/v1/nodes").body().findValuesAsText("node").toString())
        .as("nothing changed").isEqualTo(nodesBefore);
    assertThat(lab.api(1).get("/api/v1/nodes/61").status()).isEqualTo(404);
  }

  /** A Hazelcast member and a client that know the cluster's name try {@code targets}; both find nobody. */
  private static void joinAsRogue(List<String> targets) {
    Config member = new Config().setClusterName(LabLayout.CLUSTER).setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.max.join.seconds", "10").setProperty("hazelcast.wait.seconds.before.join", "1");
    member.getNetworkConfig().setPort(5799).setPortAutoIncrement(false);
    member.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    member.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    member.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).setMembers(targets)
        .setConnectionTimeoutSeconds(2);
    member.getJetConfig().setEnabled(false);
    long t0 = System.nanoTime();
    try {
      HazelcastInstance rogue = Hazelcast.newHazelcastInstance(member);
      try {
        assertThat(rogue.getCluster().getMembers()).as("the rogue found no member of the lab").hasSize(1);
        rogue.getMap("unum.node-specs").put(61, "a spec of the rogue's");
      } finally {
        rogue.getLifecycleService().terminate();
      }
    } catch (IllegalStateException e) {
      // Or it gives up ("Could not join cluster"): the mesh addresses never answer it.
      assertThat(e).as("the rogue member's start").hasMessageContaining("Node failed to start");
    }
    System.out.printf("[trust] a rogue member found nobody in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    ClientConfig client = new ClientConfig().setClusterName(LabLayout.CLUSTER);
    client.getNetworkConfig().setAddresses(targets).setConnectionTimeout(2000);
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5000);
    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
        .as("a client reaches no member").hasMessageContaining("Unable to connect");
  }

  /** The command {@code ip route VERB ROUTE...}, for this machine. */
  private static List<String> ipRoute(String verb, List<String> route) {
    List<String> command = new ArrayList<>(List.of("ip", "route", verb));
    command.addAll(route);
    return command;
  }

  @Test
  @Order(6)
  void aForgedMeshCardMakesNoPeer() throws Exception {
    Path cards = new LabLayout(LabLayout.DIR).shared().resolve("mesh");
    ObjectNode card = (ObjectNode) JSON.readTree(Files.readString(cards.resolve(HostLab.name(2) + ".json")));
    // Host 2's real certificate and signature under another name, and a key of the forger's.
    card.put("host", "unum-host-9").put("publicKey", Base64.getEncoder().encodeToString(new byte[32]));
    Path forged = cards.resolve("unum-host-9.json");
    Path log = LabLayout.DIR.resolve("hosts").resolve(HostLab.name(1)).resolve("log").resolve("orchestrator.log");
    try {
      Files.writeString(forged, JSON.writeValueAsString(card));
      Await.until("host 1 to refuse the forged card", Duration.ofSeconds(20),
          () -> readQuietly(log).contains("card unum-host-9.json refused: its certificate is for 'unum-host-2'"));
      String peers = lab.exec(HostLab.name(1), "wg", "show", HostMesh.DEVICE, "peers").getStdout();
      assertThat(peers.lines().count()).as("host 1's peers: %s", peers).isEqualTo(lab.hosts() - 1);
      assertThat(peers).doesNotContain(card.path("publicKey").asText());
    } finally {
      Files.deleteIfExists(forged);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /**
   * A stranger on the hosts' network (a container on the lab network, with the host image's virsh
   * and openssl) tries host 1's libvirtd: plain TCP, a certificate of a CA it made itself (CN of a
   * lab host), and one of the lab's own CA for a name the hosts' DN list does not hold. Each is
   * refused and host 1's domains stay as they were; a certificate of the lab CA for a name the list
   * holds gets in, so the refusals are libvirtd's checks and not a network that does not reach it.
   */
  @Test
  @Order(7)
  void aStrangerOnTheHostsNetworkCannotDriveLibvirt() throws Exception {
    String host = HostLab.name(1);
    String address = LabLayout.address(1);
    Container.ExecResult before = lab.virsh(host, "list", "--all", "--name");
    assertThat(before.getExitCode()).as(before.getStderr()).isZero();
    Launcher.Result image = Launcher.run(List.of("docker", "inspect", "--format", "{{.Config.Image}}", host), 30);
    assertThat(image.exitCode()).as(image.toString()).isZero();

    Path bundles = Files.createTempDirectory("unum-stranger");
    try {
      // The lab's CA is on this machine only: the stranger could never have these two.
      for (String name : new String[] {"intruder", "unum-host-9"}) {
        Launcher.Result issued = Launcher.run(List.of(Launcher.HOME.resolve("orchestrator/host/migration-tls").toString(),
            "issue", new LabLayout(LabLayout.DIR).caDir().toString(), name, bundles.resolve(name).toString(),
            STRANGER), 60);
        assertThat(issued.exitCode()).as(issued.toString()).isZero();
      }
      String script = String.join("\n",
          "try() { echo \"== $1\"; virsh -c \"$2\" version 2>&1; echo \"exit $?\"; }",
          "use() { mkdir -p /etc/pki/CA /etc/pki/libvirt/private && cp $1/ca-cert.pem /etc/pki/CA/cacert.pem"
              + " && cp $1/cert.pem /etc/pki/libvirt/clientcert.pem && cp $1/key.pem /etc/pki/libvirt/private/clientkey.pem; }",
          "try tcp qemu+tcp://" + address + "/system",
          // Its own CA and a lab host's name; with no certificate of the hosts' CA it does not check the server.
          "mkdir -p /tmp/own && cd /tmp/own",
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj '/O=Unum/CN=Unum cluster CA'"
              + " -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign"
              + " -keyout ca-key.pem -out ca-cert.pem 2>/dev/null",
          "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/O=Unum/CN=unum-host-1'"
              + " -keyout key.pem -out req.pem 2>/dev/null",
          "printf 'extendedKeyUsage=serverAuth,clientAuth\\nkeyUsage=critical,digitalSignature,keyEncipherment\\n' > ext",
          "openssl x509 -req -in req.pem -CA ca-cert.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile ext"
              + " -out cert.pem 2>/dev/null",
          "use /tmp/own && try own-ca \"qemu+tls://" + address + "/system?no_verify=1\"",
          "use /bundles/intruder && try intruder qemu+tls://" + address + "/system",
          "use /bundles/unum-host-9 && try listed qemu+tls://" + address + "/system");
      Launcher.Result tried = Launcher.run(List.of("docker", "run", "--rm", "--network", LabLayout.NETWORK,
          "--ip", STRANGER, "-v", bundles + ":/bundles:ro", image.stdout().strip(), "bash", "-c", script), 120);
      System.out.println("[trust] a stranger on the lab network tries " + host + "'s libvirtd:\n" + tried.stdout());
      assertThat(tried.exitCode()).as(tried.toString()).isZero();
      Map<String, String> answers = new HashMap<>();
      for (String part : tried.stdout().split("== ")) {
        if (!part.isBlank()) {
          answers.put(part.substring(0, part.indexOf('\n')), part.substring(part.indexOf('\n') + 1));
        }
      }
      assertThat(answers.get("tcp")).as("no TCP port").contains("failed to connect to the hypervisor")
          .contains(address + ":16509").contains("Connection refused").doesNotContain("exit 0");
      assertThat(answers.get("own-ca")).as("a CA of its own").contains("failed to connect to the hypervisor")
          .contains("Unable to read TLS confirmation").doesNotContain("Running hypervisor").doesNotContain("exit 0");
      assertThat(answers.get("intruder")).as("the lab CA's, a subject not on the list")
          .contains("failed to connect to the hypervisor").contains("Unable to read TLS confirmation")
          .doesNotContain("Running hypervisor").doesNotContain("exit 0");
      assertThat(answers.get("listed")).as("the lab CA's, a subject on the list: the door is there")
          .contains("Running hypervisor").contains("exit 0");
    } finally {
      try (Stream<Path> files = Files.walk(bundles)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file); // they would let anyone on the lab network in
        }
      }
    }
    Container.ExecResult after = lab.virsh(host, "list", "--all", "--name");
    assertThat(after.getStdout()).as("nothing changed on " + host).isEqualTo(before.getStdout());
  }

  /**
   * A node user's commands are answered by the host's own services, not its API over loopback
   * with the host's credential: the answers are the cluster's, programs run as the user on this
   * host's node and another host's and are audited as that user's, and bad arguments are refused
   * by name.
   */
  @Test
  @Order(8)
  void aNodeUsersEverydayVerbsAreAnsweredByItsHostsServices() throws Exception {
    String host = lab.api(1).node(1).path("host").asText();
    Api.Run status = lab.api(1).run(1, concat(AS_NOBODY, "unum", "status"));
    assertThat(status.exit()).as("unum status as nobody: %s", status).isZero();
    assertThat(status.stdout()).contains(" at host " + host + "\n", "run level", "control plane");
    Api.Run runLevel = lab.api(1).run(1, concat(AS_NOBODY, "unum", "runlevel"));
    assertThat(runLevel.stdout()).as("unum runlevel: %s", runLevel).matches("(N|[0-9]) [0-9]\n");
    Api.Run hosts = lab.api(1).run(1, concat(AS_NOBODY, "unum", "hosts"));
    assertThat(hosts.stdout()).as("unum hosts: %s", hosts).contains(HostLab.name(1), HostLab.name(lab.hosts()));
    Api.Run nodes = lab.api(1).run(1, concat(AS_NOBODY, "unum", "nodes", "-o", "json"));
    List<Integer> listed = new ArrayList<>();
    JSON.readTree(nodes.stdout()).forEach(node -> listed.add(node.path("node").asInt()));
    List<Integer> known = new ArrayList<>();
    lab.api(1).get("/api/v1/nodes").body().forEach(node -> known.add(node.path("node").asInt()));
    assertThat(listed).as("unum nodes in a node: %s", nodes).isEqualTo(known);
    for (String verb : new String[] {"jobs", "services", "uptime", "ps"}) {
      Api.Run run = lab.api(1).run(1, concat(AS_NOBODY, "unum", verb));
      assertThat(run.exit()).as("unum %s as nobody: %s", verb, run).isZero();
    }
    for (int node : new int[] {1, 2}) {
      Api.Run id = lab.api(1).run(1, concat(AS_NOBODY, "unum", "run", "--node", String.valueOf(node), "--", "id", "-u"));
      assertThat(id.stdout()).as("unum run on node %d as nobody: %s", node, id).isEqualTo("65534\n");
    }
    Await.until("nobody's in-node runs in the audit log", Duration.ofSeconds(30), () -> {
      int runs = 0;
      for (JsonNode record : lab.api(1).get("/api/v1/audit?user=node1.uid65534").body()
          .path("records")) {
        runs += record.path("operation").asText().equals("runProcess") ? 1 : 0;
      }
      return runs >= 2;
    });
    Api.Run bad = lab.api(1).run(1, concat(AS_NOBODY, "unum", "nodes", "--state", "bogus"));
    assertThat(bad.exit()).as("a bad state: %s", bad).isEqualTo(1);
    assertThat(bad.stderr()).contains("state 'bogus': must be one of");
    Api.Run noLog = lab.api(1).run(1, concat(AS_NOBODY, "unum", "logs", "no-such-service"));
    assertThat(noLog.exit()).as("the log of no service: %s", noLog).isEqualTo(1);
    assertThat(noLog.stderr()).contains("no-such-service");
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
