package io.unum.orchestrator.boot;

import java.nio.file.Path;

/**
 * Where a node's files live, and its libvirt domain name. Its disk and its console log go under
 * {@code disks}, which on a cluster is storage every host sees: a node can move, and its console
 * goes on in the same file wherever it runs. The rest (its agent socket) stays on its host.
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

  /** The node's serial console since its last cold start; QEMU appends, on every host it runs on. */
  public Path console(int node) {
    return diskDir(node).resolve("console.log");
  }

  /** The console of the boot before, kept when the node starts cold again (after a crash, say). */
  public Path previousConsole(int node) {
    return diskDir(node).resolve("console.previous.log");
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
