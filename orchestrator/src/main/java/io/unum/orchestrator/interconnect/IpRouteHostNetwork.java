package io.unum.orchestrator.interconnect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link HostNetwork} on the {@code ip} command, reading state back with {@code ip -json}. */
public final class IpRouteHostNetwork implements HostNetwork {
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public void ensureBridge(String name) {
    if (!exists(name)) {
      ip("link", "add", name, "type", "bridge");
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
    if (exists(name)) {
      ip("link", "del", name);
    }
  }

  @Override
  public List<String> addresses(String link) {
    if (!exists(link)) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (JsonNode entry : readJson("-json", "addr", "show", "dev", link)) {
      for (JsonNode info : entry.path("addr_info")) {
        result.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
      }
    }
    return result;
  }

  @Override
  public boolean exists(String link) {
    return run(false, "ip", "link", "show", "dev", link).exitCode == 0;
  }

  private JsonNode readJson(String... args) {
    try {
      return json.readTree(ip(args));
    } catch (IOException e) {
      throw new IllegalStateException("ip printed unreadable JSON", e);
    }
  }

  private String ip(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "ip";
    System.arraycopy(args, 0, command, 1, args.length);
    return run(true, command).output;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(boolean check, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      if (check && process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ip (install iproute2): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ip", e);
    }
  }
}
