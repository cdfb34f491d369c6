package io.unum.agent;

import io.unum.agent.local.LocalServer;
import io.unum.agent.proc.KernelCmdline;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's command line. {@code port} is null for the real virtio port; the node number
 * comes from {@code --node}, else env UNUM_NODE, else {@code unum.node=} on the kernel command
 * line, else 0. {@code local} is the node's local socket: {@code --local PATH}, else the default
 * on the real port and none under {@code --port} (a test), unless given.
 */
public record AgentOptions(Path port, int node, Path local) {
  public static final String USAGE = "usage: unum-agent [--port UNIX_SOCKET] [--node N] [--local UNIX_SOCKET]";

  public static AgentOptions parse(String[] args, Map<String, String> env, Supplier<String> cmdline) {
    Path port = null;
    Integer node = null;
    Path local = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Path.of(value(args, ++i, "--port"));
        case "--node" -> node = number(value(args, ++i, "--node"), "--node");
        case "--local" -> local = Path.of(value(args, ++i, "--local"));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (node == null && env.get("UNUM_NODE") != null) {
      node = number(env.get("UNUM_NODE"), "UNUM_NODE");
    }
    if (node == null) {
      node = KernelCmdline.node(cmdline.get()).orElse(0);
    }
    if (local == null && port == null) {
      local = LocalServer.DEFAULT_PATH;
    }
    return new AgentOptions(port, node, local);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int number(String text, String what) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the offending text.
    }
    throw new IllegalArgumentException(what + " must be a node number >= 0, not '" + text + "'");
  }
}
