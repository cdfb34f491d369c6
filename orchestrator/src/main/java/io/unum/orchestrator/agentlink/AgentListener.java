package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.HelloReply;

/** What a link reports about its agent. Called on the link's reader thread: return quickly. */
public interface AgentListener {

  /** The agent answered sync and hello: requests can be sent. */
  void onReady(int node, HelloReply hello);

  void onHeartbeat(int node, Heartbeat heartbeat);

  /** The link lost its agent (socket closed, or silence); it keeps trying to get it back. */
  void onLost(int node, String why);
}
