package io.unum.orchestrator.innode;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.client.ProcessesClient;
import io.unum.orchestrator.processes.ProcessService;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivers a signal that a node sent to a cluster PID: here when the target's node is this
 * host's, else by one call to the API of the target's host (one hop: kill latency is what
 * people feel), with this host's credential ({@link PeerHosts}).
 */
public final class SignalRoute {
  /** Short: someone waits on a kill, and a host that does not answer within these is not going to. */
  private static final Duration FORWARD_CONNECT = Duration.ofSeconds(1);
  private static final Duration FORWARD_READ = Duration.ofSeconds(2);

  private final ProcessService processes;
  private final NodeService nodes;
  private final PeerHosts peers;

  public SignalRoute(ProcessService processes, NodeService nodes, PeerHosts peers) {
    this.processes = processes;
    this.nodes = nodes;
    this.peers = peers;
  }

  /**
   * Sends {@code signal} to {@code pid} as {@code sender} (whose rights the target checks).
   *
   * @throws io.unum.orchestrator.processes.NoSuchProcessException when no node has that PID
   * @throws io.unum.orchestrator.processes.SignalNotPermittedException when the sender may not
   * @throws io.unum.orchestrator.client.ApiFailure when the target's host refused or did not answer
   */
  public void deliver(long pid, int signal, Messages.Sender sender) {
    int node = processes.requireNodeOf(pid);
    Optional<String> host = nodes.servedElsewhere(node);
    if (host.isPresent()) {
      peers.at(host.get(), FORWARD_CONNECT, FORWARD_READ).processes().signal(pid, signal,
          new ProcessesClient.Sender(sender.uid(), sender.euid(), sender.capKill()));
    } else {
      processes.signal(pid, signal, sender);
    }
  }
}
