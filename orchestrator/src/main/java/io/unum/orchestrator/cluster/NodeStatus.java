package io.unum.orchestrator.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * Observed state of one node, written by the orchestrator of the host it runs on.
 *
 * @param stateSinceMillis when the node entered {@code state}
 * @param bootStartedMillis when its current boot began (0 if never booted)
 * @param bootSeconds       seconds from domain start to the agent's hello on the last boot
 * @param error             why the node failed; null otherwise
 * @param consoleTail       last console lines when it failed; empty otherwise
 * @param bootMemoryMiB     the memory its running domain was started with: the most it can be
 *                          given without a reboot (0 when not known)
 * @param bootPhase         how far its last boot came (kept when it fails: where it stopped)
 */
public record NodeStatus(int node, NodeState state, String host, String domain, String ip,
    String mac, long stateSinceMillis, long bootStartedMillis, double bootSeconds, String error,
    List<String> consoleTail, AgentInfo agent, NodeLoad load, long bootMemoryMiB, BootPhase bootPhase)
    implements Serializable {

  public NodeStatus {
    consoleTail = consoleTail == null ? List.of() : List.copyOf(consoleTail);
    agent = agent == null ? AgentInfo.DISCONNECTED : agent;
    bootPhase = bootPhase == null ? BootPhase.DEFINED : bootPhase;
  }

  /** A node just seen for the first time in {@code state}. */
  public static NodeStatus initial(int node, NodeState state, String host, String domain,
      String ip, String mac, long nowMillis) {
    return new NodeStatus(node, state, host, domain, ip, mac, nowMillis, 0, 0, null, List.of(),
        AgentInfo.DISCONNECTED, null, 0, BootPhase.DEFINED);
  }

  /** A node the leader could not place yet, and why. */
  public static NodeStatus unplaced(int node, String why, long nowMillis) {
    return new NodeStatus(node, NodeState.DEFINED, "", null, null, null, nowMillis, 0, 0, why,
        List.of(), AgentInfo.DISCONNECTED, null, 0, BootPhase.DEFINED);
  }

  /**
   * A node whose host was fenced, to be started afresh on {@code hostName} (or to wait there for
   * its pinned host to return): {@code why} says which. Its address and disk stay its own.
   */
  public NodeStatus recovering(String hostName, String why, long nowMillis) {
    return new NodeStatus(node, NodeState.DEFINED, hostName, domain, ip, mac, nowMillis, 0, 0, why, List.of(),
        AgentInfo.DISCONNECTED, null, 0, BootPhase.DEFINED);
  }

  /** The same node, now on {@code hostName} (its controller there is taking it over). */
  public NodeStatus onHost(String hostName) {
    return hostName.equals(host) ? this : new NodeStatus(node, state, hostName, domain, ip, mac,
        stateSinceMillis, bootStartedMillis, bootSeconds, error, consoleTail, agent, load, bootMemoryMiB, bootPhase);
  }

  /** The same node in another state; refuses moves the life cycle does not allow. */
  public NodeStatus moveTo(NodeState next, long nowMillis) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("node " + node + " cannot go from " + state.label()
          + " to " + next.label());
    }
    if (next == state) {
      return this;
    }
    boolean clearsFailure = next != NodeState.FAILED;
    return new NodeStatus(node, next, host, domain, ip, mac, nowMillis, bootStartedMillis,
        bootSeconds, clearsFailure ? null : error, clearsFailure ? List.of() : consoleTail,
        next == NodeState.RUNNING ? agent : AgentInfo.DISCONNECTED,
        next == NodeState.RUNNING ? load : null, bootMemoryMiB, bootPhase);
  }

  /** A boot that begins now. */
  public NodeStatus booting(long nowMillis) {
    NodeStatus moved = moveTo(NodeState.BOOTING, nowMillis);
    return new NodeStatus(node, moved.state, host, domain, ip, mac, nowMillis, nowMillis, 0,
        null, List.of(), AgentInfo.DISCONNECTED, null, 0, BootPhase.STARTING);
  }

  /** A domain found running (adopted after a restart): waiting for hello, boot time unknown. */
  public NodeStatus adopting(long nowMillis) {
    NodeStatus moved = moveTo(NodeState.BOOTING, nowMillis);
    return new NodeStatus(node, moved.state, host, domain, ip, mac, moved.stateSinceMillis, 0, 0,
        null, List.of(), AgentInfo.DISCONNECTED, null, bootMemoryMiB, bootPhase);
  }

  /** The agent said hello: the node runs. */
  public NodeStatus running(AgentInfo hello, long nowMillis) {
    NodeStatus moved = moveTo(NodeState.RUNNING, nowMillis);
    double seconds = state == NodeState.BOOTING && bootStartedMillis > 0
        ? (nowMillis - bootStartedMillis) / 1000.0 : bootSeconds;
    return new NodeStatus(node, moved.state, host, domain, ip, mac, moved.stateSinceMillis,
        bootStartedMillis, seconds, null, List.of(), hello, load, bootMemoryMiB, BootPhase.JOINED);
  }

  /** The node failed, with the reason and its last console lines. */
  public NodeStatus failed(String why, List<String> tail, long nowMillis) {
    NodeStatus moved = moveTo(NodeState.FAILED, nowMillis);
    return new NodeStatus(node, moved.state, host, domain, ip, mac, moved.stateSinceMillis,
        bootStartedMillis, bootSeconds, why, tail, AgentInfo.DISCONNECTED, null, bootMemoryMiB, bootPhase);
  }

  public NodeStatus withLoad(NodeLoad newLoad) {
    return new NodeStatus(node, state, host, domain, ip, mac, stateSinceMillis, bootStartedMillis,
        bootSeconds, error, consoleTail, agent, newLoad, bootMemoryMiB, bootPhase);
  }

  /** The same node, noting the memory its running domain was started with. */
  public NodeStatus withBootMemory(long mib) {
    return new NodeStatus(node, state, host, domain, ip, mac, stateSinceMillis, bootStartedMillis,
        bootSeconds, error, consoleTail, agent, load, mib, bootPhase);
  }

  /** The same node, its boot further on (a boot never goes back: see {@link BootPhase#seen}). */
  public NodeStatus withBootPhase(BootPhase phase) {
    return new NodeStatus(node, state, host, domain, ip, mac, stateSinceMillis, bootStartedMillis,
        bootSeconds, error, consoleTail, agent, load, bootMemoryMiB, phase);
  }

  public NodeStatus withAgent(AgentInfo newAgent) {
    return new NodeStatus(node, state, host, domain, ip, mac, stateSinceMillis, bootStartedMillis,
        bootSeconds, error, consoleTail, newAgent, load, bootMemoryMiB, bootPhase);
  }
}
