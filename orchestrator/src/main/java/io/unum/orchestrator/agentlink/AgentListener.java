package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Procs;
import io.unum.agent.protocol.Messages.ServiceLog;
import io.unum.agent.protocol.Messages.ServiceStates;

/** What a link reports about its agent. Called on the link's reader thread: return quickly. */
public interface AgentListener {

  /** The agent answered sync and hello: requests can be sent. */
  void onReady(int node, HelloReply hello);

  void onHeartbeat(int node, Heartbeat heartbeat);

  /**
   * A report of the node's processes (full, or what changed since the last one). Returns false
   * when it was refused: the link then asks the agent for a full report.
   */
  boolean onProcesses(int node, Procs report);

  /** The agent's report of every service it runs or keeps (replaces the last one). */
  void onServiceStates(int node, ServiceStates report);

  /** Lines a service on the node wrote. */
  void onServiceLog(int node, ServiceLog log);

  /** The agent sent a line that cannot be read (not the protocol, or too long); it was dropped. */
  void onRefusedLine(int node, String why);

  /** The link lost its agent (socket closed, or silence); it keeps trying to get it back. */
  void onLost(int node, String why);
}
