package io.unum.orchestrator.boot;

import io.unum.orchestrator.cluster.AgentInfo;
import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.BootPhase;
import io.unum.orchestrator.cluster.NodeStatus;
import java.util.List;
import java.util.Map;

/**
 * A node as users see it: its spec and what was last observed of it.
 *
 * @param host       where it runs (or is bound to run)
 * @param pinnedHost the only host it may run on ("" for any)
 * @param bootPhase  how far its last boot came: defined, starting, kernel, init, agent, joined
 */
public record NodeView(int node, String state, boolean desiredRunning, String host, String pinnedHost, String ip,
    String mac, int cpus, int memoryMiB, String kernelArgs, long stateSinceMillis,
    double bootSeconds, String error, List<String> consoleTail, AgentInfo agent, NodeLoad load,
    Map<String, String> labels, String bootPhase) {

  static NodeView of(NodeSpec spec, NodeStatus status) {
    if (status == null) {
      return new NodeView(spec.node(), "pending", spec.running(), spec.host(), spec.pinnedHost(),
          null, null, spec.cpus(),
          spec.memoryMiB(), spec.kernelArgs(), 0, 0, null, List.of(), AgentInfo.DISCONNECTED, null,
          spec.labels(), BootPhase.DEFINED.label());
    }
    String host = status.host().isEmpty() ? spec.host() : status.host();
    return new NodeView(spec.node(), status.state().label(), spec.running(), host, spec.pinnedHost(),
        status.ip(), status.mac(), spec.cpus(), spec.memoryMiB(), spec.kernelArgs(),
        status.stateSinceMillis(), status.bootSeconds(), status.error(), status.consoleTail(),
        status.agent(), status.load(), spec.labels(), status.bootPhase().label());
  }
}
