package io.unum.orchestrator.testing;

import io.unum.orchestrator.cluster.RunLevelStore;
import io.unum.orchestrator.runlevel.ClusterRunLevel;
import java.util.Optional;

/** A {@link RunLevelStore} in memory, for unit tests. */
public final class InMemoryRunLevelStore implements RunLevelStore {
  private volatile ClusterRunLevel level;

  @Override
  public Optional<ClusterRunLevel> get() {
    return Optional.ofNullable(level);
  }

  @Override
  public void set(ClusterRunLevel level) {
    this.level = level;
  }
}
