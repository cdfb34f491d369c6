package io.unum.orchestrator.loadlevel;

import java.io.Serializable;
import java.util.List;

/**
 * What the leader's balancer sees now, what it is doing, and its latest decisions (newest last):
 * written once a second, read by {@code GET /balancer} on any host.
 *
 * @param state one sentence: off, balanced, holding, waiting for migrations, or what it moved
 */
public record BalancerReport(long updatedMillis, String leader, BalancerMode mode, String state,
    long imbalancePercent, List<HostReport> hosts, List<BalancerDecision> decisions) implements Serializable {

  public BalancerReport {
    hosts = List.copyOf(hosts);
    decisions = List.copyOf(decisions);
  }

  /**
   * One host's load as the balancer weighs it.
   *
   * @param balanced whether it takes part (up, not in maintenance, a fresh load)
   */
  public record HostReport(String host, boolean balanced, double cpuCapacity, double cpuUsed, double cpuDemand,
      long loadPercent, List<NodeDemand> nodes) implements Serializable {

    public HostReport {
      nodes = List.copyOf(nodes);
    }
  }
}
