package io.unum.orchestrator.migration;

import java.util.Collection;
import java.util.Optional;

/** Where the nodes' migrations are reported (the last one of each node is kept). */
public interface MigrationStore {

  Optional<MigrationProgress> get(int node);

  void put(MigrationProgress progress);

  /** Every node's last migration. */
  Collection<MigrationProgress> all();
}
