package io.unum.orchestrator.cluster;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Desired state of one SSI node: what the operator asked for, plus the host the leader bound it
 * to (as a Kubernetes pod spec carries its node name). Persisted; survives restarts.
 *
 * @param node        node number, 1..{@link PidSpace#maxNodes()}; node 1 is the root node
 * @param cpus        virtual CPUs
 * @param memoryMiB   guest memory
 * @param kernelArgs  extra kernel command line appended to the one Unum builds ("" for none)
 * @param running     whether the node should be running
 * @param pinnedHost  the only host it may run on, as the operator asked ("" for any)
 * @param host        the host it is bound to ("" until the leader places it)
 * @param labels      the operator's key/value tags, to select nodes by (sorted by key)
 * @param migrateTo   the host it should live-migrate to ("" for none): its host's orchestrator
 *                    moves it, and the node is bound there once it runs there
 */
public record NodeSpec(int node, int cpus, int memoryMiB, String kernelArgs, boolean running,
    String pinnedHost, String host, Map<String, String> labels, String migrateTo) implements Serializable {

  public static final int DEFAULT_CPUS = 1;
  public static final int DEFAULT_MEMORY_MIB = 512;
  public static final int MAX_LABELS = 32;
  /** Label keys and values as Kubernetes has them, so selectors read the same. */
  private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");

  public NodeSpec {
    // The cluster's own PID space may allow fewer: checked where specs are made (NodeService).
    if (node < 1 || node > PidSpace.MAX_NODE_NUMBER) {
      throw new IllegalArgumentException("node must be 1.." + PidSpace.MAX_NODE_NUMBER + ", got " + node);
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
    labels = checkedLabels(labels);
    migrateTo = migrateTo == null ? "" : migrateTo.strip();
  }

  private static Map<String, String> checkedLabels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    if (labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException("at most " + MAX_LABELS + " labels, got " + labels.size());
    }
    labels.forEach((key, value) -> {
      if (key == null || !LABEL_KEY.matcher(key).matches()) {
        throw new IllegalArgumentException("label key '" + key + "' must be 1..63 of a-z 0-9 . _ / -,"
            + " starting and ending with a letter or digit");
      }
      if (value == null || !LABEL_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("label '" + key + "' has value '" + value + "'; values are"
            + " 0..63 of A-Z a-z 0-9 . _ -, starting and ending with a letter or digit");
      }
    });
    return Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** What the operator asks for: a node of this size, not yet placed. */
  public NodeSpec(int node, int cpus, int memoryMiB, String kernelArgs, boolean running) {
    this(node, cpus, memoryMiB, kernelArgs, running, "", "", Map.of(), "");
  }

  /** A node with default size that should run. */
  public static NodeSpec withDefaults(int node) {
    return new NodeSpec(node, DEFAULT_CPUS, DEFAULT_MEMORY_MIB, "", true);
  }

  public NodeSpec withRunning(boolean shouldRun) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, shouldRun, pinnedHost, host, labels, migrateTo);
  }

  public NodeSpec pinnedTo(String hostName) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, hostName, host, labels, migrateTo);
  }

  /** Bound to {@code hostName} ("" to unbind). */
  public NodeSpec boundTo(String hostName) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, pinnedHost, hostName, labels, migrateTo);
  }

  public NodeSpec withLabels(Map<String, String> newLabels) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, pinnedHost, host, newLabels, migrateTo);
  }

  /** The same node with another size; it takes effect when the node next boots. */
  public NodeSpec withSize(int newCpus, int newMemoryMiB) {
    return new NodeSpec(node, newCpus, newMemoryMiB, kernelArgs, running, pinnedHost, host, labels, migrateTo);
  }

  /** The same spec under another number (for a node whose number the cluster picks). */
  public NodeSpec numbered(int number) {
    return new NodeSpec(number, cpus, memoryMiB, kernelArgs, running, pinnedHost, host, labels, migrateTo);
  }

  /** The same node, to be live-migrated to {@code hostName} ("": no migration wanted). */
  public NodeSpec migratingTo(String hostName) {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, pinnedHost, host, labels, hostName);
  }

  /** The same node after its migration: bound where it went, no migration wanted. */
  public NodeSpec migrated() {
    return new NodeSpec(node, cpus, memoryMiB, kernelArgs, running, pinnedHost, migrateTo, labels, "");
  }

  @JsonIgnore
  public boolean isMigrating() {
    return !migrateTo.isEmpty();
  }

  @JsonIgnore
  public boolean isBound() {
    return !host.isEmpty();
  }
}
