package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Procs;

/** What a link reports about its agent. Called on the link's reader thread: return quickly. */
public interface AgentListener {

  /** The agent answered sync and hello: requests can be sent. */
  void onReady(int node, HelloReply hello);

  void onHeartbeat(int node, Heartbeat heartbeat);

  /** A report of the node's processes (full, or what changed since the last one). */
  void onProcesses(int node, Procs report);

  /** The link lost its agent (socket closed, or silence); it keeps trying to get it back. */
  void onLost(int node, String why);
}
