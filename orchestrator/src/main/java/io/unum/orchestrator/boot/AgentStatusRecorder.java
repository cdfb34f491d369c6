package io.unum.orchestrator.boot;

import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Procs;
import io.unum.agent.protocol.Messages.ServiceLog;
import io.unum.agent.protocol.Messages.ServiceStates;
import io.unum.orchestrator.agentlink.AgentListener;
import io.unum.orchestrator.cluster.AgentInfo;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.NodeLoad;
import io.unum.orchestrator.cluster.NodeState;
import io.unum.orchestrator.cluster.NodeStatus;
import io.unum.orchestrator.processes.ProcessRecorder;
import io.unum.orchestrator.services.ServiceRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what agent links report into the nodes' observed status (hello means running), their
 * process tables and their services.
 */
final class AgentStatusRecorder implements AgentListener {
  private static final Logger LOG = LoggerFactory.getLogger(AgentStatusRecorder.class);

  private final String self;
  private final ClusterStore store;
  private final ProcessRecorder processes;
  private final ServiceRecorder services;

  /** @param self this host: a link whose node has moved to another host no longer speaks for it */
  AgentStatusRecorder(String self, ClusterStore store, ProcessRecorder processes, ServiceRecorder services) {
    this.self = self;
    this.store = store;
    this.processes = processes;
    this.services = services;
  }

  @Override
  public void onServiceStates(int node, ServiceStates report) {
    services.record(node, report);
  }

  @Override
  public void onServiceLog(int node, ServiceLog log) {
    services.log(node, log);
  }

  @Override
  public boolean onProcesses(int node, Procs report) {
    return processes.record(node, report) != ProcessRecorder.Outcome.REFUSED;
  }

  @Override
  public void onRefusedLine(int node, String why) {
    processes.refuse(node, "unreadable line: " + why);
  }

  @Override
  public void onReady(int node, HelloReply hello) {
    processes.newSession(node);
    long now = System.currentTimeMillis();
    AgentInfo agent = new AgentInfo(true, hello.kernel(), hello.agentVersion(), hello.protocol(), hello.pid());
    NodeStatus status = store.updateStatus(node, s -> {
      if (s == null) {
        return null;
      }
      return s.state() == NodeState.BOOTING || s.state() == NodeState.RUNNING
          ? s.running(agent, now) : s.withAgent(agent);
    });
    if (status != null) {
      LOG.info("node {}: agent {} said hello (boot {} s)", node, hello.agentVersion(), status.bootSeconds());
    }
  }

  @Override
  public void onHeartbeat(int node, Heartbeat beat) {
    NodeLoad load = new NodeLoad(beat.load1(), beat.cpuPercent(), beat.memTotalKiB(),
        beat.memAvailableKiB(), beat.processes(), beat.uptimeSeconds(), System.currentTimeMillis());
    store.updateStatus(node, s -> s == null || !ours(s) ? s : s.withLoad(load));
  }

  @Override
  public void onLost(int node, String why) {
    LOG.warn("node {}: agent lost: {}", node, why);
    store.updateStatus(node, s -> s == null || !ours(s) ? s : s.withAgent(AgentInfo.DISCONNECTED));
  }

  /** Whether the node's status is this host's to write (not one that migrated away meanwhile). */
  private boolean ours(NodeStatus status) {
    return status.host().isEmpty() || status.host().equals(self);
  }
}
