package io.unum.orchestrator.boot;

import java.nio.file.Path;

/**
 * Where a node's files live, and its libvirt domain name. Disks go under {@code disks}, which
 * on a cluster is storage every host sees (so a node can move); the rest stays on its host.
 */
public record NodePaths(Path root, Path disks) {
  /** Every Unum domain's name starts with this, so Unum never touches anybody else's guests. */
  public static final String DOMAIN_PREFIX = "unum-node";

  public Path dir(int node) {
    return root.resolve("node" + node);
  }

  /** One host: everything in one place. */
  public NodePaths(Path root) {
    this(root, root);
  }

  public Path diskDir(int node) {
    return disks.resolve("node" + node);
  }

  public Path disk(int node) {
    return diskDir(node).resolve("disk.qcow2");
  }

  public Path console(int node) {
    return dir(node).resolve("console.log");
  }

  public Path agentSocket(int node) {
    return dir(node).resolve("agent.sock");
  }

  public static String domainName(int node) {
    return DOMAIN_PREFIX + node;
  }

  /** The node number of a Unum domain name, or -1 when the name is not one of ours. */
  public static int nodeOf(String domainName) {
    if (!domainName.startsWith(DOMAIN_PREFIX)) {
      return -1;
    }
    try {
      return Integer.parseInt(domainName.substring(DOMAIN_PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
