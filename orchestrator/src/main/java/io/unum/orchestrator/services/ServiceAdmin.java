package io.unum.orchestrator.services;

import io.unum.orchestrator.cluster.Quorum;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Declares, changes, restarts and removes cluster services, and shows where they stand. */
public final class ServiceAdmin {
  private final SharedValue<ServiceCatalog> catalog;
  private final SharedValue<ServiceAssignment> assignment;
  private final ServiceInstanceStore instances;
  private final ServiceLogs logs;
  private final EventLog events;
  private final Quorum quorum;

  public ServiceAdmin(SharedValue<ServiceCatalog> catalog, SharedValue<ServiceAssignment> assignment,
      ServiceInstanceStore instances, ServiceLogs logs, EventLog events, Quorum quorum) {
    this.catalog = catalog;
    this.assignment = assignment;
    this.instances = instances;
    this.logs = logs;
    this.events = events;
    this.quorum = quorum;
  }

  public List<ServiceView> list() {
    ServiceAssignment placed = assignment.get().orElse(ServiceAssignment.NONE);
    Map<Integer, List<ServiceInstance>> reported = instances.all();
    List<ServiceView> views = new ArrayList<>();
    for (ServiceSpec spec : catalog().services().values()) {
      views.add(ServiceView.of(spec, placed, instancesOf(spec.name(), reported)));
    }
    return views;
  }

  public ServiceView get(String name) {
    ServiceSpec spec = catalog().get(name).orElseThrow(() -> new NoSuchServiceException(name));
    return ServiceView.of(spec, assignment.get().orElse(ServiceAssignment.NONE),
        instancesOf(name, instances.all()));
  }

  /** Declares a new service; a name already taken is a conflict. */
  public ServiceView create(ServiceSpec spec) {
    change("declare service " + spec.name(), current -> {
      if (current.get(spec.name()).isPresent()) {
        throw new ServiceConflictException("service '" + spec.name() + "' exists; change it with PUT"
            + " (unum service update) or delete it first");
      }
      return current.with(spec, System.currentTimeMillis());
    });
    publish("service.created", spec.name());
    return get(spec.name());
  }

  /** Replaces a service's spec; its instances restart with the new one. */
  public ServiceView replace(String name, ServiceSpec spec) {
    if (spec.name() != null && !spec.name().equals(name)) {
      throw new InvalidServiceException("name", "is '" + spec.name() + "' but the URL names '" + name
          + "'; a service cannot be renamed");
    }
    ServiceSpec named = new ServiceSpec(name, spec.command(), spec.user(), spec.runLevels(), spec.placement(),
        spec.node(), spec.restart(), spec.stopTimeoutSeconds(), spec.dependsOn(), spec.env(), 0);
    change("change service " + name, current -> {
      current.get(name).orElseThrow(() -> new NoSuchServiceException(name));
      return current.with(named, System.currentTimeMillis());
    });
    publish("service.updated", name);
    return get(name);
  }

  /** Restarts every instance of a service, with cleared restart counts (a failed one runs again). */
  public ServiceView restart(String name) {
    change("restart service " + name, current -> {
      current.get(name).orElseThrow(() -> new NoSuchServiceException(name));
      return current.restarted(name, System.currentTimeMillis());
    });
    publish("service.restarted", name);
    return get(name);
  }

  /** Removes a service: its instances stop, and its log is dropped. */
  public void delete(String name) {
    change("delete service " + name, current -> {
      current.get(name).orElseThrow(() -> new NoSuchServiceException(name));
      return current.without(name, System.currentTimeMillis());
    });
    logs.drop(name);
    publish("service.deleted", name);
  }

  /** The service's log, which exists as long as the service does. */
  public ServiceLogs logs(String name) {
    catalog().get(name).orElseThrow(() -> new NoSuchServiceException(name));
    return logs;
  }

  private ServiceCatalog catalog() {
    return catalog.get().orElse(ServiceCatalog.EMPTY);
  }

  private void change(String action, UnaryOperator<ServiceCatalog> change) {
    quorum.require(action);
    while (true) {
      ServiceCatalog current = catalog.get().orElse(null);
      ServiceCatalog next = change.apply(current == null ? ServiceCatalog.EMPTY : current);
      if (catalog.replace(current, next)) {
        return;
      }
    }
  }

  private void publish(String type, String name) {
    events.publish(Event.of(type, "service/" + name, Map.of("service", name)));
  }

  private static List<ServiceInstance> instancesOf(String name, Map<Integer, List<ServiceInstance>> reported) {
    List<ServiceInstance> found = new ArrayList<>();
    reported.values().forEach(list -> list.stream().filter(i -> i.service().equals(name)).forEach(found::add));
    found.sort(Comparator.comparingInt(ServiceInstance::node));
    return found;
  }
}
