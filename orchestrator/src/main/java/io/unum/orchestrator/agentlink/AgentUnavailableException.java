package io.unum.orchestrator.agentlink;

/** The node's agent cannot take requests now (not connected yet, or the link was lost). */
public final class AgentUnavailableException extends RuntimeException {
  public AgentUnavailableException(String message) {
    super(message);
  }
}
