package io.unum.orchestrator.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;

/**
 * Desired state of one SSI node: what the operator asked for, plus the host the leader bound it
 * to (as a Kubernetes pod spec carries its node name). Persisted; survives restarts.
 *
 * @param node        node number, 1..{@value #MAX_NODES}; node 1 is the root node
 * @param cpus        virtual CPUs
 * @param memoryMiB   guest memory
 * @param kernelArgs  extra kernel command line appended to the one Unum builds ("" for none)
 * @param running     whether the node should be running
 * @param pinnedHost  the only host it may run on, as the operator asked ("" for any)
 * @param host        the host it is bound to ("" until the leader places it)
 */
public record NodeSpec(int node, int cpus, int memoryMiB, String kernelArgs, boolean running,
    String pinnedHost, String host) implements Serializable {

  /** Highest node number: node-ranged PIDs give each node 1/64 of the PID space. */
  public static final int MAX_NODES = 64;
  public static final int DEFAULT_CPUS = 1;
  public static final int DEFAULT_MEMORY_MIB = 512;

  public NodeSpec {
    if (node < 1 || node > MAX_NODES) {
      throw new IllegalArgumentException("node must be 1.." + MAX_NODES + ", got " + node);
    }
    if (cpus < 1 || cpus > 64) {
      throw new IllegalArgumentException("cpus must be 1..64, got " + cpus);
    }
    if (memoryMiB < 128 || memoryMiB > 1 << 20) {
      throw new IllegalArgumentException("memoryMiB must be 128..1048576, got " + memoryMiB);
    }
    kernelArgs = kernelArgs == null ? "" : kernelArgs.strip();
    if (kernelArgs.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new IllegalArgumentException("kernelArgs must be printable ASCII on one line");
    }
    pinnedHost = pinnedHost == null ? "" : pinnedHost.strip();
    host = host == null ? "" : host.strip();
    if (!pinnedHost.isEmpty() && !host.isEmpty() && !pinnedHost.equals(host)) {
      throw new IllegalArgumentException("node " + node + " is pinned to " + pinnedHost
          + " and cannot be bound to " + host);
    }
  }

  /** What the operator asks for: a node of this size, not yet placed. */
  public NodeSpec(int node, int cpus, int memoryMiB, String kernelArgs, boolean running) {
    this(node, cpus, memoryMiB, kernelArgs, running, "", "");
  }

  /** A node with default size that should run. */
  public static NodeSpec withDefaults(int node) {
    return new NodeSpec(node, DEFAULT_CPUS, DEFAULT_MEMORY_MIB, "", true);
  }

  public NodeSpec withRunning(boolean shouldRun) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, shouldRun, pinnedHost, host);
  }

  public NodeSpec pinnedTo(String hostName) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, hostName, host);
  }

  /** Bound to {@code hostName} ("" to unbind). */
  public NodeSpec boundTo(String hostName) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, pinnedHost, hostName);
  }

  @JsonIgnore
  public boolean isBound() {
    return !host.isEmpty();
  }
}
