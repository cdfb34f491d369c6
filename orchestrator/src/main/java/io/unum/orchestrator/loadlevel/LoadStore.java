package io.unum.orchestrator.loadlevel;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Where every host's sampler leaves its latest load for the balancer (and anyone who asks). */
public interface LoadStore {

  void put(HostLoad load);

  Collection<HostLoad> all();

  /** Every host with a recent load: its CPU demand over its capacity (1 = full). One read of the store. */
  default Map<String, Double> pressures() {
    long now = System.currentTimeMillis();
    Map<String, Double> pressures = new HashMap<>();
    all().stream().filter(l -> now - l.sampledAtMillis() <= LoadSnapshot.FRESH_MILLIS)
        .forEach(l -> pressures.put(l.host(), l.cpuDemand() / Math.max(0.01, l.cpuCapacity())));
    return pressures;
  }
}
