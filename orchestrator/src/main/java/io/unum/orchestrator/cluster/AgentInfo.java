package io.unum.orchestrator.cluster;

import java.io.Serializable;

/** What a node's agent said in its hello, and whether its link is up. */
public record AgentInfo(boolean connected, String kernel, String agentVersion, int protocol,
    long agentPid) implements Serializable {

  public static final AgentInfo DISCONNECTED = new AgentInfo(false, null, null, 0, 0);
}
