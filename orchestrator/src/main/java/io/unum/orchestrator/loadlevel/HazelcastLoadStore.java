package io.unum.orchestrator.loadlevel;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link LoadStore} on the {@code unum.host-loads} IMap (host -> its latest load). */
public final class HazelcastLoadStore implements LoadStore {
  /** A host that stops sampling (gone, stopped) drops out rather than leaving a stale figure. */
  private static final long TTL_SECONDS = 30;
  private final IMap<String, HostLoad> map;

  public HazelcastLoadStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.host-loads");
  }

  @Override
  public void put(HostLoad load) {
    map.set(load.host(), load, TTL_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Collection<HostLoad> all() {
    return List.copyOf(map.values());
  }
}
