package io.unum.orchestrator.loadlevel;

import java.util.Collection;

/** Where every host's sampler leaves its latest load for the balancer (and anyone who asks). */
public interface LoadStore {

  void put(HostLoad load);

  Collection<HostLoad> all();

  /** A host's CPU demand over its capacity now (1 = full), 0 when it has no recent load. */
  default double pressure(String host) {
    long now = System.currentTimeMillis();
    return all().stream().filter(l -> l.host().equals(host) && now - l.sampledAtMillis() <= LoadSnapshot.FRESH_MILLIS)
        .mapToDouble(l -> l.cpuDemand() / Math.max(0.01, l.cpuCapacity())).findFirst().orElse(0);
  }
}
