package io.unum.orchestrator.interconnect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** {@link HostNetwork} on the {@code ip} and {@code bridge} commands, reading state back as JSON. */
public final class IpRouteHostNetwork implements HostNetwork {
  /** IANA's VXLAN port: every host of a cluster must listen on the same one. */
  static final int VXLAN_PORT = 4789;
  /** The FDB address that means "unknown or broadcast": one entry per peer is head-end replication. */
  private static final String FLOOD_MAC = "00:00:00:00:00:00";

  private final ObjectMapper json = new ObjectMapper();
  private final List<String> commandPrefix;

  /** Acts on this host's own network namespace. */
  public IpRouteHostNetwork() {
    this(List.of());
  }

  /**
   * Runs every command behind {@code commandPrefix}, e.g. {@code ip netns exec NS} to act inside
   * network namespace NS, which is how a test plays several hosts on one machine.
   */
  public IpRouteHostNetwork(List<String> commandPrefix) {
    this.commandPrefix = List.copyOf(commandPrefix);
  }

  @Override
  public void ensureBridge(String name) {
    if (!exists(name)) {
      // 'name' spelled out: without it ip reads a name like 'br' as its 'broadcast' keyword.
      ip("link", "add", "name", name, "type", "bridge");
    }
    // The host never talks IP to nodes (only through the agent channel): no address here, not
    // even the IPv6 link-local one the kernel would give the bridge once it is up.
    ip("link", "set", "dev", name, "addrgenmode", "none");
    for (String address : addresses(name)) {
      ip("addr", "del", address, "dev", name);
    }
    ip("link", "set", name, "up");
  }

  @Override
  public void removeBridge(String name) {
    removeLink(name);
  }

  @Override
  public List<String> addresses(String link) {
    if (!exists(link)) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (JsonNode entry : readJson("ip", "-json", "addr", "show", "dev", link)) {
      for (JsonNode info : entry.path("addr_info")) {
        result.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
      }
    }
    return result;
  }

  @Override
  public List<String> ipv4Networks(String excludedLink) {
    List<String> result = new ArrayList<>();
    for (JsonNode link : readJson("ip", "-json", "-4", "addr", "show")) {
      if (link.path("ifname").asText().equals(excludedLink)) {
        continue;
      }
      for (JsonNode info : link.path("addr_info")) {
        result.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
      }
    }
    return result;
  }

  @Override
  public boolean exists(String link) {
    return run(false, "ip", "link", "show", "dev", link).exitCode == 0;
  }

  @Override
  public void ensureVxlan(String name, int vni, String localAddress, String bridge, int mtu) {
    // Bound to the underlay device so the kernel caps the MTU at what fits in one underlay frame.
    String underlay = deviceHolding(localAddress).path("ifname").asText();
    if (!isVxlan(name, vni, localAddress, underlay)) {
      removeLink(name);
      ip("link", "add", "name", name, "type", "vxlan", "id", Integer.toString(vni),
          "dstport", Integer.toString(VXLAN_PORT), "local", localAddress, "dev", underlay, "learning");
      // Like the bridge, the tunnel end carries no address: with one, the host would send its own
      // IPv6 neighbour discovery into the nodes' network.
      ip("link", "set", "dev", name, "addrgenmode", "none");
    }
    ip("link", "set", "dev", name, "mtu", Integer.toString(mtu));
    ip("link", "set", "dev", name, "master", bridge);
    // Set on the bridge too, explicitly: libvirt gives each node's tap the bridge's MTU, so nodes
    // never send frames the tunnel cannot carry.
    ip("link", "set", "dev", bridge, "mtu", Integer.toString(mtu));
    ip("link", "set", "dev", name, "up");
  }

  @Override
  public Set<String> floodPeers(String vxlan) {
    if (!exists(vxlan)) {
      return Set.of();
    }
    Set<String> peers = new TreeSet<>();
    for (JsonNode entry : readJson("bridge", "-json", "fdb", "show", "dev", vxlan)) {
      if (FLOOD_MAC.equals(entry.path("mac").asText()) && entry.hasNonNull("dst")) {
        peers.add(entry.path("dst").asText());
      }
    }
    return Collections.unmodifiableSet(peers);
  }

  @Override
  public void ensureFloodPeers(String vxlan, Set<String> peers) {
    Set<String> current = floodPeers(vxlan);
    // 'append', not 'add': add would replace the single all-zero entry, append keeps one per peer.
    for (String peer : peers) {
      if (!current.contains(peer)) {
        bridge("fdb", "append", FLOOD_MAC, "dev", vxlan, "dst", peer);
      }
    }
    for (String peer : current) {
      if (!peers.contains(peer)) {
        bridge("fdb", "del", FLOOD_MAC, "dev", vxlan, "dst", peer);
      }
    }
  }

  @Override
  public int mtuOfDeviceHolding(String address) {
    return deviceHolding(address).path("mtu").asInt();
  }

  @Override
  public void removeLink(String name) {
    if (exists(name)) {
      ip("link", "del", "dev", name);
    }
  }

  private JsonNode deviceHolding(String address) {
    for (JsonNode link : readJson("ip", "-json", "-4", "addr", "show")) {
      for (JsonNode info : link.path("addr_info")) {
        if (address.equals(info.path("local").asText())) {
          return link;
        }
      }
    }
    throw new IllegalStateException("no network device on this host holds the address " + address
        + " (the one this host joins the interconnect from)");
  }

  private boolean isVxlan(String name, int vni, String localAddress, String underlay) {
    if (!exists(name)) {
      return false;
    }
    JsonNode linkInfo = readJson("ip", "-details", "-json", "link", "show", "dev", name).path(0).path("linkinfo");
    JsonNode data = linkInfo.path("info_data");
    return "vxlan".equals(linkInfo.path("info_kind").asText())
        && data.path("id").asInt() == vni
        && localAddress.equals(data.path("local").asText())
        && data.path("port").asInt() == VXLAN_PORT
        && underlay.equals(data.path("link").asText())
        && data.path("learning").asBoolean();
  }

  private JsonNode readJson(String... command) {
    try {
      return json.readTree(run(true, command).output);
    } catch (IOException e) {
      throw new IllegalStateException(command[0] + " printed unreadable JSON", e);
    }
  }

  private void ip(String... args) {
    run(true, prepend("ip", args));
  }

  private void bridge(String... args) {
    run(true, prepend("bridge", args));
  }

  private static String[] prepend(String tool, String[] args) {
    String[] command = new String[args.length + 1];
    command[0] = tool;
    System.arraycopy(args, 0, command, 1, args.length);
    return command;
  }

  private record Result(int exitCode, String output) {}

  private Result run(boolean check, String... command) {
    List<String> full = new ArrayList<>(commandPrefix);
    full.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      if (check && process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", full) + " failed: " + output.strip());
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + full.get(0) + " (install iproute2): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + full.get(0), e);
    }
  }
}
