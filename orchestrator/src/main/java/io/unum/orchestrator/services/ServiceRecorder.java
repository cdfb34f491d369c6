package io.unum.orchestrator.services;

import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what this host's agents report about their services: each report replaces the node's
 * instances, and every change of an instance's state is published as {@code service.state}.
 * Log lines go to the service's log. Called on agent link threads.
 */
public final class ServiceRecorder {
  private final ServiceInstanceStore instances;
  private final ServiceLogs logs;
  private final EventLog events;

  public ServiceRecorder(ServiceInstanceStore instances, ServiceLogs logs, EventLog events) {
    this.instances = instances;
    this.logs = logs;
    this.events = events;
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

  /** Lines an instance wrote. */
  public void log(int node, Messages.ServiceLog log) {
    logs.append(log.name(), node, log.stream().wireName(), log.lines(), log.dropped());
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
