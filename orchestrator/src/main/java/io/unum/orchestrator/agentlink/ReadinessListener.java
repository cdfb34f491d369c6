package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Procs;
import io.unum.agent.protocol.Messages.ServiceLog;
import io.unum.agent.protocol.Messages.ServiceStates;
import java.util.concurrent.CompletableFuture;

/** Hears only that an agent is ready, for a one-off client of a guest (guest-exec); ignores its reports. */
public final class ReadinessListener implements AgentListener {
  private final CompletableFuture<HelloReply> ready = new CompletableFuture<>();

  /** Completes with the agent's hello once it answered sync and hello. */
  public CompletableFuture<HelloReply> ready() {
    return ready;
  }

  @Override
  public void onReady(int node, HelloReply hello) {
    ready.complete(hello);
  }

  @Override
  public void onHeartbeat(int node, Heartbeat heartbeat) { }

  @Override
  public boolean onProcesses(int node, Procs report) {
    return true;
  }

  @Override
  public void onServiceStates(int node, ServiceStates report) { }

  @Override
  public void onServiceLog(int node, ServiceLog log) { }

  @Override
  public void onRefusedLine(int node, String why) { }

  @Override
  public void onLost(int node, String why) { }
}
