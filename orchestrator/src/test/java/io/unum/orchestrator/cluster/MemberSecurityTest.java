package io.unum.orchestrator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import foreign.Parcel;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.HazelcastEventLog;
import io.unum.orchestrator.testing.Await;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real members on loopback: no client gets in, and no stranger's class gets read. */
class MemberSecurityTest {
  private static final String CLUSTER = "unum-test-security";
  private static final List<String> PEERS = List.of("127.0.0.1:5891", "127.0.0.1:5892");

  @TempDir
  Path dir;

  private final List<ControlPlane> planes = new ArrayList<>();
  private HazelcastInstance stranger;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  private ControlPlane member(String name, int port) {
    ControlPlane plane = ControlPlane.start(CLUSTER, name, "127.0.0.1", port, PEERS, dir.resolve(name));
    planes.add(plane);
    return plane;
  }

  @BeforeEach
  void watchTheLog() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(log);
    if (stranger != null) {
      stranger.getLifecycleService().terminate();
    }
    planes.forEach(plane -> plane.hazelcast().getLifecycleService().terminate());
  }

  @Test
  void aClientThatKnowsTheClusterNameIsRefusedAndTheSocketListensOnItsAddressOnly() throws Exception {
    member("a", 5891);
    ClientConfig client = new ClientConfig().setClusterName(CLUSTER);
    client.setProperty("hazelcast.phone.home.enabled", "false");
    client.getNetworkConfig().addAddress("127.0.0.1:5891").setConnectionTimeout(1000);
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);

    long start = System.nanoTime();
    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);

    // The port is open on the bind address; 127.0.0.2 is loopback too, answered only by 0.0.0.0.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 5891), 1000);
    }
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.2", 5891), 1000);
      }
    }).isInstanceOf(ConnectException.class);
  }

  @Test
  void aStrangersValueCannotBeReadAndTheMemberCarriesOn() throws Exception {
    ControlPlane a = member("a", 5891);
    // Open source Hazelcast cannot tell a member that knows the cluster name from ours: it joins.
    Config plain = new Config().setClusterName(CLUSTER)
        .setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.wait.seconds.before.join", "1");
    plain.getNetworkConfig().setPort(5893).setPortAutoIncrement(false);
    plain.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    plain.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    plain.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    plain.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:5891");
    plain.getJetConfig().setEnabled(false);
    stranger = Hazelcast.newHazelcastInstance(plain);
    Await.until("the stranger joined", Duration.ofSeconds(30), () -> a.memberCount() == 2);

    // Into the specs map, whose entry events every host's DurableSpecs reads.
    stranger.getMap(HazelcastClusterStore.SPECS).put(9, new Parcel("payload"));
    ClusterStore store = a.store();
    assertThatThrownBy(() -> store.spec(9))
        .isInstanceOf(HazelcastSerializationException.class)
        .hasMessageContaining("Resolving class foreign.Parcel is not allowed");
    Await.until("the refused event in the log", Duration.ofSeconds(30),
        () -> loggedError("Resolving class foreign.Parcel is not allowed"));

    assertThat(a.hazelcast().getLifecycleService().isRunning()).isTrue();
    assertThat(store.createSpec(NodeSpec.withDefaults(1))).isTrue();
    assertThat(store.spec(1)).contains(NodeSpec.withDefaults(1));
  }

  private boolean loggedError(String text) {
    synchronized (log) { // the appender appends under this lock
      return log.list.stream().anyMatch(event -> event.getLevel() == Level.ERROR
          && causes(event.getThrowableProxy()).contains(text));
    }
  }

  private static String causes(IThrowableProxy thrown) {
    return thrown == null ? "" : thrown.getMessage() + "\n" + causes(thrown.getCause());
  }

  @Test
  void unumsOwnValuesGoFromOneMemberToTheOther() throws Exception {
    ControlPlane a = member("a", 5891);
    ControlPlane b = member("b", 5892);
    Await.until("two members", Duration.ofSeconds(30), () -> a.memberCount() == 2 && b.memberCount() == 2);

    NodeSpec spec = NodeSpec.withDefaults(4).withLabels(Map.of("tier", "web", "zone", "b")).boundTo("a");
    NodeStatus status = NodeStatus.initial(4, NodeState.DEFINED, "a", "unum-node4", null, null, 1)
        .failed("no kernel", List.of("line 1", "line 2"), 2);
    HostInfo info = new HostInfo("a", 2, 4096, "tcg", "test", "qemu:///system", "127.0.0.1",
        "127.0.0.1:7070", "/k", "/i", 3, false, "100.127.0.1");
    HostStatus host = new HostStatus(info, "member-a", HostState.UP, 4, 0.5);
    ClusterStore written = a.store();
    written.createSpec(spec);
    written.updateStatus(4, s -> status);
    written.updateHost("a", h -> host);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("node", 4);
    data.put("bytes", 5L);
    data.put("load", 0.25);
    data.put("pinned", true);
    data.put("nodes", List.of(1, 2));
    data.put("loads", Map.of("a", 10L));
    new HazelcastEventLog(a.hazelcast()).publish(Event.of("test.event", "node/4", data));

    ClusterStore read = b.store();
    assertThat(read.spec(4)).contains(spec);
    assertThat(read.status(4)).contains(status);
    assertThat(read.hosts()).containsExactly(host);
    List<Event> events = new HazelcastEventLog(b.hazelcast()).read(0, 10).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    assertThat(events).singleElement().satisfies(event -> assertThat(event.data()).isEqualTo(data));
  }
}
