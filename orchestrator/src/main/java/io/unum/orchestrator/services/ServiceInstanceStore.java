package io.unum.orchestrator.services;

import java.util.List;
import java.util.Map;

/** Where the services' instances are kept, per node, as its agent last reported them. */
public interface ServiceInstanceStore {

  /** Every node's instances. */
  Map<Integer, List<ServiceInstance>> all();

  /** One node's instances; empty when none are known. */
  List<ServiceInstance> of(int node);

  /** Replaces what is known of {@code node}'s services. */
  void put(int node, List<ServiceInstance> instances);

  /** Forgets {@code node}'s services (it stopped running). */
  void remove(int node);
}
