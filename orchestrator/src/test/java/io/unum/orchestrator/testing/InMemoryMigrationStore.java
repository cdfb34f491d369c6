package io.unum.orchestrator.testing;

import io.unum.orchestrator.migration.MigrationProgress;
import io.unum.orchestrator.migration.MigrationStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MigrationStore} in memory. */
public final class InMemoryMigrationStore implements MigrationStore {
  private final Map<Integer, MigrationProgress> map = new ConcurrentHashMap<>();

  @Override
  public Optional<MigrationProgress> get(int node) {
    return Optional.ofNullable(map.get(node));
  }

  @Override
  public void put(MigrationProgress progress) {
    map.put(progress.node(), progress);
  }

  @Override
  public Collection<MigrationProgress> all() {
    return List.copyOf(map.values());
  }
}
