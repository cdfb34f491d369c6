package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.unum.orchestrator.runlevel.ClusterRunLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The cluster's run level in the shared map {@code unum.runlevel} and on the disk of every host
 * ({@code runlevel.json}): after a restart of every orchestrator the newest change wins.
 */
public final class DurableRunLevel implements RunLevelStore, AutoCloseable {
  static final String MAP = "unum.runlevel";

  private final DurableValue<ClusterRunLevel> value;

  public DurableRunLevel(HazelcastInstance hazelcast, Path stateDir) {
    this.value = new DurableValue<>(hazelcast, MAP, stateDir.resolve("runlevel.json"), ClusterRunLevel.class,
        ClusterRunLevel::changedMillis);
  }

  /** Merges this host's copy into the map (newest wins) and keeps the copy current from now on. */
  public DurableRunLevel start() {
    value.start();
    return this;
  }

  @Override
  public Optional<ClusterRunLevel> get() {
    return value.get();
  }

  @Override
  public Optional<ClusterRunLevel> getWithin(Duration deadline) {
    return value.getWithin(deadline);
  }

  @Override
  public void set(ClusterRunLevel level) {
    value.set(level);
  }

  @Override
  public void close() {
    value.close();
  }
}
