package io.unum.orchestrator.boot;

import java.nio.file.Path;

/** Where a node's files live on its host, and its libvirt domain name. */
public record NodePaths(Path root) {
  /** Every Unum domain's name starts with this, so Unum never touches anybody else's guests. */
  public static final String DOMAIN_PREFIX = "unum-node";

  public Path dir(int node) {
    return root.resolve("node" + node);
  }

  public Path disk(int node) {
    return dir(node).resolve("disk.qcow2");
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
