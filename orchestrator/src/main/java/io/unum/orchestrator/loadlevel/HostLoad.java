package io.unum.orchestrator.loadlevel;

import java.io.Serializable;
import java.util.List;

/**
 * One host's load as its sampler measured it, averaged over the last few seconds.
 *
 * @param cpuCapacity cores the host may use (its CPU quota when it is a slice of a machine)
 * @param cpuUsed     cores the whole host used: its nodes, QEMU's own threads, the orchestrator
 * @param otherCpu    the part of {@code cpuUsed} that no node's virtual CPUs account for
 * @param samples     how many one-second samples the averages cover
 */
public record HostLoad(String host, long sampledAtMillis, double cpuCapacity, double cpuUsed, double otherCpu,
    int samples, List<NodeDemand> nodes) implements Serializable {

  public HostLoad {
    nodes = List.copyOf(nodes);
  }

  /** Cores this host's work wants now: its nodes' demand and what else runs on it. */
  public double cpuDemand() {
    return otherCpu + nodes.stream().mapToDouble(NodeDemand::cpuDemand).sum();
  }
}
