package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.MessageCodec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent links of the nodes on this host, one per node, with one shared timer. */
public final class AgentLinks implements AutoCloseable {
  private final Map<Integer, AgentLink> links = new ConcurrentHashMap<>();
  private static final Logger LOG = LoggerFactory.getLogger(AgentLinks.class);

  private final AgentListener listener;
  private volatile AgentRequests requests;
  private final MessageCodec codec = new MessageCodec();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "agent-link-timer");
    thread.setDaemon(true);
    return thread;
  });

  public AgentLinks(AgentListener listener) {
    this.listener = listener;
    timer.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** Opens the link of {@code node} unless one is already open. */
  public AgentLink open(int node, Path socket) {
    return links.computeIfAbsent(node, n -> {
      AgentLink link = new AgentLink(n, socket, listener, codec, () -> requests);
      link.start();
      return link;
    });
  }

  /** Serves the agents' own requests from now on (before, they are told to try again). */
  public void serve(AgentRequests handler) {
    this.requests = handler;
  }

  public Optional<AgentLink> get(int node) {
    return Optional.ofNullable(links.get(node));
  }

  public void close(int node) {
    AgentLink link = links.remove(node);
    if (link != null) {
      link.close();
    }
  }

  private void tick() {
    long now = System.nanoTime();
    for (AgentLink link : links.values()) {
      try {
        link.tick(now);
      } catch (RuntimeException e) {
        // An exception would end this periodic task for good, and with it every retry and
        // reconnect (seen: a status write failing while the control plane settled).
        LOG.warn("node {}: agent link check failed: {}", link.node(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    links.keySet().forEach(this::close);
  }
}
