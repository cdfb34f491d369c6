package io.unum.orchestrator.processes;

import io.unum.agent.protocol.Messages.Sender;

/** Delivers a signal through a node's agent (implemented by the node's host). */
@FunctionalInterface
public interface NodeSignals {
  /**
   * Sends {@code signal} to {@code pid} on {@code node}, checked for {@code sender} (null: no
   * check); fails with the agent's refusal ({@link io.unum.orchestrator.agentlink.AgentRequestException}).
   */
  void send(int node, long pid, int signal, Sender sender);
}
