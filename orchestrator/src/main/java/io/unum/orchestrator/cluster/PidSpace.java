package io.unum.orchestrator.cluster;

/**
 * The cluster's process-id space: node N allocates its PIDs from [N*range, (N+1)*range) (the
 * Unum kernel's {@code unum.pid_range}), so a PID names its node. The kernel's PID limit is
 * shared out: a smaller range allows more nodes, each with fewer PIDs. Chosen once per cluster.
 *
 * @param range PIDs per node, a power of two from {@value #MIN_RANGE} to {@value #MAX_RANGE}
 */
public record PidSpace(int range) {
  /** The kernel's PID_MAX_LIMIT on 64-bit: every node's range lies below it. */
  public static final int PID_LIMIT = 1 << 22;
  /** The kernel's smallest range (and so the most nodes: 4095). */
  public static final int MIN_RANGE = 1024;
  public static final int MAX_RANGE = 65536;
  /** 65536 PIDs per node, 63 nodes: what a cluster gets unless it chooses. */
  public static final PidSpace DEFAULT = new PidSpace(MAX_RANGE);
  /** The highest node number any PID space allows. */
  public static final int MAX_NODE_NUMBER = PID_LIMIT / MIN_RANGE - 1;

  public PidSpace {
    if (range < MIN_RANGE || range > MAX_RANGE || Integer.bitCount(range) != 1) {
      throw new IllegalArgumentException("the PID range must be a power of two from " + MIN_RANGE + " to "
          + MAX_RANGE + " (PIDs per node: 65536 allows 63 nodes, 4096 allows 1023, 1024 allows 4095), got " + range);
    }
  }

  /**
   * The highest node number: range 0 holds every node's early-boot PIDs, and node N's range
   * must end within the kernel's limit.
   */
  public int maxNodes() {
    return PID_LIMIT / range - 1;
  }

  /** The node whose range holds {@code pid} (0 for the early-boot PIDs every node has). */
  public int nodeOf(long pid) {
    return (int) (pid / range);
  }

  /** Whether {@code node} is a node number of this space. */
  public boolean holds(int node) {
    return node >= 1 && node <= maxNodes();
  }

  /** Fails, naming the space, unless {@code node} is one of its node numbers. */
  public void requireNode(int node) {
    if (!holds(node)) {
      throw new IllegalArgumentException("node must be 1.." + maxNodes() + " (the cluster's PID range is " + range
          + " PIDs per node), got " + node);
    }
  }

  /** Node N's PIDs, as words: {@code "N*R to (N+1)*R-1, N = 1..MAX"}. */
  public String describe() {
    return "node N has PIDs N*" + range + " to (N+1)*" + range + "-1, N = 1.." + maxNodes();
  }
}
