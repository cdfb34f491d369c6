package io.unum.orchestrator.services;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.unum.orchestrator.cluster.SharedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what this host's agents report about their services: each report replaces the node's
 * instances, and every change of an instance's state is published as {@code service.state}.
 * Log lines go to the service's log. Called on agent link threads.
 */
public final class ServiceRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRecorder.class);
  private static final long ASSIGNMENT_REFRESH_NANOS = 1_000_000_000L;
  private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

  private final ServiceInstanceStore instances;
  private final ServiceLogs logs;
  private final EventLog events;
  private final SharedValue<ServiceAssignment> assignment;
  private volatile ServiceAssignment placed = ServiceAssignment.NONE;
  private volatile long placedReadNanos = Long.MIN_VALUE / 2;
  private final Map<Integer, Long> lastWarnNanos = new ConcurrentHashMap<>();

  /** @param assignment where the leader placed each service: a node logs only for its own */
  public ServiceRecorder(ServiceInstanceStore instances, ServiceLogs logs, EventLog events,
      SharedValue<ServiceAssignment> assignment) {
    this.instances = instances;
    this.logs = logs;
    this.events = events;
    this.assignment = assignment;
  }

  /** A node's report of all its services. */
  public void record(int node, Messages.ServiceStates report) {
    List<ServiceInstance> before = instances.of(node);
    Map<String, ServiceInstance> old = new HashMap<>();
    before.forEach(instance -> old.put(instance.service(), instance));
    List<ServiceInstance> now = new ArrayList<>();
    for (Messages.ServiceStatus status : report.services()) {
      ServiceInstance instance = ServiceInstance.of(node, status);
      now.add(instance);
      ServiceInstance was = old.remove(instance.service());
      if (was == null || !was.state().equals(instance.state()) || was.pid() != instance.pid()) {
        publish(instance, was == null ? null : was.state());
      }
    }
    for (ServiceInstance gone : old.values()) {
      publish(new ServiceInstance(gone.service(), node, "stopped", 0, gone.restarts(), gone.exitCode(),
          System.currentTimeMillis(), null, List.of(), gone.revision()), gone.state());
    }
    instances.put(node, now);
  }

  /**
   * Lines an instance wrote, kept when the service is placed on that node. Each name gets a log
   * of its own in the control plane, so a guest naming services it does not run could make
   * without end; such lines are dropped, with a warning a minute per node.
   */
  public void log(int node, Messages.ServiceLog log) {
    if (!placedOn(log.name(), node)) {
      long now = System.nanoTime();
      Long last = lastWarnNanos.get(node);
      if (last == null || now - last > WARN_INTERVAL_NANOS) {
        lastWarnNanos.put(node, now);
        LOG.warn("node {}: dropped log lines of service '{}', which is not placed on it (warned once a minute)",
            node, log.name().length() > 64 ? log.name().substring(0, 64) + "..." : log.name());
      }
      return;
    }
    logs.append(log.name(), node, log.stream().wireName(), log.lines(), log.dropped());
  }

  /** Read at most once a second, and again at once for a service not (yet) seen placed there. */
  private boolean placedOn(String service, int node) {
    if (System.nanoTime() - placedReadNanos < ASSIGNMENT_REFRESH_NANOS && placed.places(service, node)) {
      return true;
    }
    placed = assignment.get().orElse(ServiceAssignment.NONE);
    placedReadNanos = System.nanoTime();
    return placed.places(service, node);
  }

  private void publish(ServiceInstance instance, String from) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("service", instance.service());
    data.put("node", instance.node());
    data.put("from", from);
    data.put("to", instance.state());
    data.put("pid", instance.pid());
    data.put("restarts", instance.restarts());
    data.put("exitCode", instance.exitCode());
    data.put("message", instance.message());
    if (ServiceInstance.FAILED.equals(instance.state())) {
      data.put("lastOutput", instance.lastOutput());
    }
    events.publish(Event.of("service.state", "service/" + instance.service(), data));
  }
}
