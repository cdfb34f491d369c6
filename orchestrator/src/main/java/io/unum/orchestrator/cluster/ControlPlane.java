package io.unum.orchestrator.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts this host's embedded Hazelcast member. Members find each other only through the static
 * list of peers (TCP-IP join, no multicast) and never phone home.
 */
public final class ControlPlane implements AutoCloseable {
  private final HazelcastInstance hazelcast;
  private final DurableSpecs durableSpecs;

  private ControlPlane(HazelcastInstance hazelcast, DurableSpecs durableSpecs) {
    this.hazelcast = hazelcast;
    this.durableSpecs = durableSpecs;
  }

  /**
   * Joins (or forms) the control plane named {@code clusterName}, binding {@code bindAddress}:
   * {@code port}, with desired state persisted under {@code stateDir}.
   */
  public static ControlPlane start(String clusterName, String memberName, String bindAddress,
      int port, List<String> peers, Path stateDir) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    Config config = new Config()
        .setClusterName(clusterName)
        .setInstanceName(memberName)
        .setProperty("hazelcast.phone.home.enabled", "false")
        .setProperty("hazelcast.shutdownhook.enabled", "false")
        // Notice a vanished orchestrator within seconds, not the default minute.
        .setProperty("hazelcast.heartbeat.interval.seconds", "1")
        .setProperty("hazelcast.max.no.heartbeat.seconds", "10")
        // The peers are a short static list: no need to wait 5 s for more of them to show up.
        .setProperty("hazelcast.wait.seconds.before.join", "1");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindAddress);
    config.getNetworkConfig().setPublicAddress(bindAddress + ":" + port);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(peers.isEmpty()
        ? List.of(bindAddress + ":" + port) : peers);
    config.getJetConfig().setEnabled(false);

    SpecFiles files = new SpecFiles(stateDir.resolve("specs"));
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
    DurableSpecs durable = new DurableSpecs(hazelcast.getMap(HazelcastClusterStore.SPECS), files);
    try {
      durable.start();
    } catch (RuntimeException e) {
      hazelcast.shutdown();
      throw e;
    }
    return new ControlPlane(hazelcast, durable);
  }

  public ClusterStore store() {
    return new HazelcastClusterStore(hazelcast);
  }

  /** Registers {@code self} as an up host of this control plane; close it to leave cleanly. */
  public HostRegistry registerHost(ClusterStore store, HostInfo self) {
    HostRegistry registry = new HostRegistry(hazelcast, store, self);
    registry.start();
    return registry;
  }

  /** Starts following who leads the control plane (the oldest member). */
  public Leadership leadership() {
    Leadership leadership = new Leadership(hazelcast);
    leadership.start();
    return leadership;
  }

  /** For tests in this package: the member itself (e.g. to make it crash). */
  HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The member id of the oldest member: the leader. */
  public String oldestMemberId() {
    return hazelcast.getCluster().getMembers().iterator().next().getUuid().toString();
  }

  public int memberCount() {
    return hazelcast.getCluster().getMembers().size();
  }

  @Override
  public void close() {
    durableSpecs.close();
    hazelcast.shutdown();
  }
}
