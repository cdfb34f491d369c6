package io.unum.orchestrator.cluster;

import java.util.Optional;

/** Where the grant of the init role is kept; changed only by compare-and-set, by the leader. */
public interface InitRoleStore {

  Optional<InitRole> get();

  /** Replaces {@code expected} (null: no grant yet) by {@code next}; false when it changed meanwhile. */
  boolean replace(InitRole expected, InitRole next);
}
