package io.unum.orchestrator.services;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every declared service of the cluster, as one value: a change replaces the whole catalog by
 * compare-and-set, so checks across services (dependencies, cycles) see a consistent set.
 *
 * @param revision grows with every change; each changed service takes the new one as its own
 */
public record ServiceCatalog(Map<String, ServiceSpec> services, long revision, long changedMillis)
    implements Serializable {
  public static final ServiceCatalog EMPTY = new ServiceCatalog(Map.of(), 0, 0);

  public ServiceCatalog {
    services = services == null ? Map.of() : new TreeMap<>(services);
  }

  public Optional<ServiceSpec> get(String name) {
    return Optional.ofNullable(services.get(name));
  }

  /** The catalog with {@code spec} added or replaced; fails naming the field when it is not valid. */
  public ServiceCatalog with(ServiceSpec spec, long nowMillis) {
    ServiceRules.check(spec, this);
    Map<String, ServiceSpec> next = new TreeMap<>(services);
    next.put(spec.name(), spec.at(revision + 1));
    return new ServiceCatalog(next, revision + 1, nowMillis);
  }

  /** The catalog without {@code name}; fails when another service depends on it. */
  public ServiceCatalog without(String name, long nowMillis) {
    List<String> dependents = dependents(name);
    if (!dependents.isEmpty()) {
      throw new ServiceConflictException("service '" + name + "' is needed by " + String.join(", ", dependents)
          + "; delete or change those first");
    }
    Map<String, ServiceSpec> next = new TreeMap<>(services);
    next.remove(name);
    return new ServiceCatalog(next, revision + 1, nowMillis);
  }

  /** The catalog with {@code name} at a new revision: its instances restart with cleared counts. */
  public ServiceCatalog restarted(String name, long nowMillis) {
    Map<String, ServiceSpec> next = new TreeMap<>(services);
    next.put(name, services.get(name).at(revision + 1));
    return new ServiceCatalog(next, revision + 1, nowMillis);
  }

  /** The services that list {@code name} among their dependencies. */
  public List<String> dependents(String name) {
    List<String> dependents = new ArrayList<>();
    for (ServiceSpec spec : services.values()) {
      if (spec.dependsOn().contains(name)) {
        dependents.add(spec.name());
      }
    }
    return dependents;
  }
}
