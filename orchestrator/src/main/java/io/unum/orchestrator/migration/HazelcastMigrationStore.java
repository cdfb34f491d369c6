package io.unum.orchestrator.migration;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link MigrationStore} on the {@code unum.migrations} IMap (node -> its last migration). */
public final class HazelcastMigrationStore implements MigrationStore {
  private final IMap<Integer, MigrationProgress> map;

  public HazelcastMigrationStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.migrations");
  }

  @Override
  public Optional<MigrationProgress> get(int node) {
    return Optional.ofNullable(map.get(node));
  }

  @Override
  public void put(MigrationProgress progress) {
    map.set(progress.node(), progress);
  }

  @Override
  public Collection<MigrationProgress> all() {
    return List.copyOf(map.values());
  }
}
