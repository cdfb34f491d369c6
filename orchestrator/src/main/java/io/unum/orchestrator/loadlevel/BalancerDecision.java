package io.unum.orchestrator.loadlevel;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Map;

/**
 * One move the balancer decided (automatic) or recommended, with what it saw and expected.
 *
 * @param loadsBefore every balanced host's load when it decided, percent
 * @param loadsAfter  the loads it predicted after its moves of that round
 * @param job         the migration job it started (automatic), else null
 * @param error       why the job could not start, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalancerDecision(long atMillis, BalancerMode mode, int node, String from, String to, double cpuDemand,
    Map<String, Long> loadsBefore, Map<String, Long> loadsAfter, long imbalanceBefore, long imbalanceAfter,
    String reason, String job, String error) implements Serializable {

  public BalancerDecision {
    loadsBefore = Map.copyOf(loadsBefore);
    loadsAfter = Map.copyOf(loadsAfter);
  }
}
