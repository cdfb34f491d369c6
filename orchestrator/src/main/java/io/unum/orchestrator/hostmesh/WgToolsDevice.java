package io.unum.orchestrator.hostmesh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link WireGuardDevice} on {@code ip}, {@code wg} (wireguard-tools) and {@code nft}: the kernel's device
 * where the kernel has it, else {@code wireguard-go}, which serves the same {@code wg} interface
 * from user space on /dev/net/tun (lab hosts share a kernel without the module). Every command
 * has a deadline.
 */
public final class WgToolsDevice implements WireGuardDevice {
  private static final long DEADLINE_SECONDS = 10;

  private final String name;
  private final List<String> commandPrefix;

  /** The device {@code name} in this host's own network namespace. */
  public WgToolsDevice(String name) {
    this(name, List.of());
  }

  /** Runs every command behind {@code commandPrefix} (e.g. {@code ip netns exec NS}), as tests play hosts. */
  public WgToolsDevice(String name, List<String> commandPrefix) {
    this.name = name;
    this.commandPrefix = List.copyOf(commandPrefix);
  }

  @Override
  public String ensureKey(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), ".key-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, run(true, null, "wg", "genkey").strip() + "\n");
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return run(true, file, "wg", "pubkey").strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot keep the mesh key in " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void ensure(Path privateKey, int listenPort, String addressWithPrefix) {
    if (!exists()) {
      // The kernel's device first; a kernel without it answers "Unknown device type".
      run(false, null, "ip", "link", "add", "dev", name, "type", "wireguard");
      if (!exists()) {
        run(true, null, "wireguard-go", name);
      }
      if (!exists()) {
        throw new IllegalStateException("no WireGuard device " + name + " after 'wireguard-go " + name
            + "': this host needs the kernel's WireGuard or /dev/net/tun (apt-get install wireguard-go)");
      }
    }
    run(true, null, "wg", "set", name, "private-key", privateKey.toString(), "listen-port",
        Integer.toString(listenPort));
    run(true, null, "ip", "address", "replace", addressWithPrefix, "dev", name);
    guard(addressWithPrefix.substring(0, addressWithPrefix.indexOf('/')));
    run(true, null, "ip", "link", "set", "dev", name, "up");
  }

  /**
   * Lets packets for {@code address} in only through the device (or loopback). Linux takes a
   * packet for any of its addresses on any interface, so without this a stranger on the underlay
   * who routes the mesh address via this host would reach what listens there (the control plane's
   * member port) without a key of the mesh. Refused, not dropped, so that a misrouted caller learns
   * at once rather than after its timeout. One nftables table of its own, replaced whole.
   */
  private void guard(String address) {
    String table = guardTable();
    String rules = "table inet " + table + "\n"
        + "delete table inet " + table + "\n"
        + "table inet " + table + " {\n"
        + "  chain input {\n"
        + "    type filter hook input priority filter - 10; policy accept;\n"
        + "    ip daddr " + address + " iifname \"lo\" accept\n"
        + "    ip daddr " + address + " iifname \"" + name + "\" accept\n"
        + "    ip daddr " + address + " meta l4proto tcp reject with tcp reset\n"
        + "    ip daddr " + address + " reject\n"
        + "  }\n"
        + "}\n";
    Path file = null;
    try {
      file = Files.createTempFile("unum-guard-", ".nft");
      Files.writeString(file, rules);
      run(true, null, "nft", "-f", file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the mesh guard's rules: " + e.getMessage(), e);
    } finally {
      deleteQuietly(file);
    }
  }

  /** The guard's nftables table: the device's name, in the characters a table name may have. */
  private String guardTable() {
    return name.replaceAll("[^A-Za-z0-9_]", "_") + "_guard";
  }

  @Override
  public Map<String, PeerState> peers() {
    Map<String, PeerState> peers = new LinkedHashMap<>();
    String[] lines = run(true, null, "wg", "show", name, "dump").split("\n");
    // The first line is the device's own; each further one a peer: key, psk, endpoint, allowed-ips,
    // latest-handshake, rx, tx, keepalive, separated by tabs.
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t");
      if (f.length >= 5) {
        String address = f[3].contains("/") ? f[3].substring(0, f[3].indexOf('/')) : f[3];
        peers.put(f[0], new PeerState(new MeshPeer(f[0], address, f[2]), Long.parseLong(f[4])));
      }
    }
    return peers;
  }

  @Override
  public void setPeer(MeshPeer peer) {
    // Keepalives keep the path through stateful firewalls open and notice a silent peer sooner.
    run(true, null, "wg", "set", name, "peer", peer.publicKey(), "allowed-ips", peer.address() + "/32",
        "endpoint", peer.endpoint(), "persistent-keepalive", "15");
  }

  @Override
  public void removePeer(String publicKey) {
    run(true, null, "wg", "set", name, "peer", publicKey, "remove");
  }

  @Override
  public void remove() {
    if (exists()) {
      // Deleting the TUN device ends a wireguard-go serving it, too.
      run(true, null, "ip", "link", "del", "dev", name);
    }
    try {
      run(false, null, "nft", "delete", "table", "inet", guardTable());
    } catch (IllegalStateException e) {
      // No nft on this host (so no guard was ever put up here), or it did not answer in time:
      // nothing more that removing the device could do.
    }
  }

  private boolean exists() {
    return run(false, null, "ip", "link", "show", "dev", name).contains(name + ":");
  }

  /**
   * Runs a command with {@code input} as its stdin, output to a file (wireguard-go leaves a
   * daemon behind that must not hold a pipe of ours); returns the output, or throws when
   * {@code check} and it failed. Without {@code check} a failure returns "".
   */
  private String run(boolean check, Path input, String... command) {
    List<String> full = new ArrayList<>(commandPrefix);
    full.addAll(List.of(command));
    Path output = null;
    try {
      output = Files.createTempFile("unum-wg-", ".out");
      ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.redirectInput(input != null ? ProcessBuilder.Redirect.from(input.toFile())
          : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process process = builder.start();
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + DEADLINE_SECONDS + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        if (check) {
          throw new IllegalStateException(String.join(" ", command) + " failed: " + text.strip());
        }
        return "";
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0] + " (apt-get install wireguard-tools"
          + " wireguard-go iproute2 nftables): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(command[0] + " interrupted", e);
    } finally {
      deleteQuietly(output);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind harms nothing
      }
    }
  }
}
