package io.unum.agent.supervise;

import java.nio.file.Path;

/**
 * Where the service supervisor finds and keeps things on the node.
 *
 * @param node     the node's number, for services' environment and messages
 * @param initFile where the init role is written ({@code /run/unum/init})
 * @param pidDir   where each running service's pid file is kept ({@code /run/unum/services})
 * @param passwd   where users are looked up ({@code /etc/passwd})
 * @param proc     the proc file system ({@code /proc})
 * @param path     the search list for programs (the agent's PATH; null for the default)
 */
public record SupervisorConfig(int node, Path initFile, Path pidDir, Path passwd, Path proc, String path) {

  /** The node's real places, under the run directory {@code run} (/run/unum on a node). */
  public static SupervisorConfig of(int node, Path run) {
    return new SupervisorConfig(node, run.resolve("init"), run.resolve("services"), Path.of("/etc/passwd"),
        Path.of("/proc"), System.getenv("PATH"));
  }
}
