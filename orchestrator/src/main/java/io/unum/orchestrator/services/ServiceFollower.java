package io.unum.orchestrator.services;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.AgentLinks;
import io.unum.orchestrator.agentlink.AgentUnavailableException;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.InitRole;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.Quorum;
import io.unum.orchestrator.cluster.SharedValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the agents of this host's nodes which services to run ({@code services} orders), twice a
 * second: again after every new agent session, and whenever what a node should run changes.
 * Without a majority of the control plane for {@value #LEASE_MILLIS} ms this host can no longer
 * know that the leader has not moved its nodes' "any" services elsewhere, so it has them stopped.
 */
public final class ServiceFollower implements AutoCloseable {
  static final long PERIOD_MILLIS = 500;
  static final long LEASE_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceFollower.class);

  private final String self;
  private final ClusterView cluster;
  private final AgentLinks links;
  private final SharedValue<ServiceCatalog> catalog;
  private final SharedValue<ServiceAssignment> assignment;
  private final ServiceInstanceStore instances;
  private final SharedValue<InitRole> initRole;
  private final Quorum quorum;
  /** Per node, the session (hello) and orders last sent to it. */
  private final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "service-follower");
    thread.setDaemon(true);
    return thread;
  });
  private long quorumSeenNanos = System.nanoTime();

  private record Sent(Messages.HelloReply session, Messages.Services orders) {}

  public ServiceFollower(String self, ClusterView cluster, AgentLinks links, SharedValue<ServiceCatalog> catalog,
      SharedValue<ServiceAssignment> assignment, ServiceInstanceStore instances, SharedValue<InitRole> initRole,
      Quorum quorum) {
    this.self = self;
    this.cluster = cluster;
    this.links = links;
    this.catalog = catalog;
    this.assignment = assignment;
    this.instances = instances;
    this.initRole = initRole;
    this.quorum = quorum;
  }

  public ServiceFollower start() {
    timer.scheduleWithFixedDelay(this::followSafely, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void followSafely() {
    try {
      follow();
    } catch (RuntimeException e) {
      // An exception would end the periodic task for good.
      LOG.warn("service orders not sent this round: {}", e.toString());
    }
  }

  private void follow() {
    long now = System.nanoTime();
    if (quorum.present()) {
      quorumSeenNanos = now;
    }
    boolean withAny = now - quorumSeenNanos < TimeUnit.MILLISECONDS.toNanos(LEASE_MILLIS);
    ServiceCatalog services = catalog.get().orElse(ServiceCatalog.EMPTY);
    ServiceAssignment placed = assignment.get().orElse(ServiceAssignment.NONE);
    Map<Integer, List<ServiceInstance>> reported = instances.all();
    InitRole role = initRole.get().orElse(InitRole.NONE);
    for (NodeSpec spec : cluster.specs()) {
      if (!self.equals(spec.host())) {
        continue;
      }
      AgentLink link = links.get(spec.node()).orElse(null);
      Messages.HelloReply session = link == null ? null : link.readyHello().orElse(null);
      if (session == null) {
        sent.remove(spec.node());
        continue;
      }
      Messages.Services orders = new Messages.Services(1L, placed.level(), role.epoch(), role.node() == spec.node(),
          ServiceOrders.forNode(spec.node(), services, placed, reported, withAny));
      Sent last = sent.get(spec.node());
      if (last == null || last.session() != session || !last.orders().equals(orders)) {
        send(link, session, orders);
      }
    }
  }

  private void send(AgentLink link, Messages.HelloReply session, Messages.Services orders) {
    int node = link.node();
    sent.put(node, new Sent(session, orders));
    try {
      link.request(id -> new Messages.Services(id, orders.runLevel(), orders.initEpoch(), orders.init(),
          orders.services())).whenComplete((reply, error) -> {
            if (error != null || reply instanceof Messages.Error) {
              LOG.warn("node {}: service orders not taken: {}", node, error != null ? error.getMessage()
                  : ((Messages.Error) reply).message());
              sent.remove(node, new Sent(session, orders));
            }
          });
    } catch (AgentUnavailableException e) {
      sent.remove(node);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
