package io.unum.orchestrator.runlevel;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Optional;

/** {@link RunLevelStore} on one entry of the {@code unum.runlevel} IMap. */
public final class HazelcastRunLevelStore implements RunLevelStore {
  private static final String KEY = "cluster";

  private final IMap<String, ClusterRunLevel> map;

  public HazelcastRunLevelStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.runlevel");
  }

  @Override
  public Optional<ClusterRunLevel> get() {
    return Optional.ofNullable(map.get(KEY));
  }

  @Override
  public void set(ClusterRunLevel level) {
    map.set(KEY, level);
  }
}
