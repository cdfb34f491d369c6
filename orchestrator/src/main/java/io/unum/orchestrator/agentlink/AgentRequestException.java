package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.ErrorCode;

/** The agent answered a request with an error. */
public final class AgentRequestException extends RuntimeException {
  private final ErrorCode code;

  public AgentRequestException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
