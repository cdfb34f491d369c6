package io.unum.orchestrator.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import java.util.List;

/** What a member accepts: connections from members only, and values of Unum's own classes only. */
final class MemberSecurity {
  private MemberSecurity() {
  }

  /**
   * Sets {@code config} up to serve the member protocol alone on {@code bindAddress}:{@code port},
   * joining {@code members} over TCP-IP, and to read back Java-serialized values of Unum's classes only.
   */
  static Config applyTo(Config config, String bindAddress, int port, List<String> members) {
    // Advanced networking (open source too) opens only the endpoints it is given: with no client,
    // REST or memcache endpoint, a Hazelcast client that knows the cluster name is cut off at the
    // protocol handshake. (The plain network config serves clients on the member port.)
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig()
        .setPort(port)
        .setPortAutoIncrement(false)
        .setPublicAddress(bindAddress + ":" + port);
    member.getInterfaces().setEnabled(true).addInterface(bindAddress);
    network.setMemberEndpointConfig(member);
    // The interface list only picks the address to advertise; without this the socket binds 0.0.0.0.
    config.setProperty("hazelcast.socket.bind.any", "false");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    // The peers sit behind the host mesh, a hop away: a connection not made in 2 s will not be
    // made, and every second waited here is a second of every lease when all hosts restart.
    join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);

    // Values Unum stores are records of io.unum classes holding JDK types (boxed numbers, enums,
    // List.of/Map.copyOf, TreeMap, LinkedHashMap). Hazelcast's own defaults (com.hazelcast.,
    // java*, arrays) must stay: members send each other JDK exceptions and config Properties
    // Java-serialized, and without them the CP group cannot even form. What this shuts out is
    // every other class: the libraries on the class path, where gadget chains live, and strangers.
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false);
    filter.getWhitelist().addPrefixes("io.unum.");
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    return config;
  }
}
