package io.unum.orchestrator.testing;

import io.unum.orchestrator.loadlevel.HostLoad;
import io.unum.orchestrator.loadlevel.LoadStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link LoadStore} in memory. */
public final class InMemoryLoadStore implements LoadStore {
  private final Map<String, HostLoad> loads = new ConcurrentHashMap<>();

  @Override
  public void put(HostLoad load) {
    loads.put(load.host(), load);
  }

  @Override
  public Collection<HostLoad> all() {
    return List.copyOf(loads.values());
  }
}
