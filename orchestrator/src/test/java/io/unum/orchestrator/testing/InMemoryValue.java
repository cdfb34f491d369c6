package io.unum.orchestrator.testing;

import io.unum.orchestrator.cluster.InitRole;
import io.unum.orchestrator.cluster.InitRoleStore;
import java.util.Objects;
import java.util.Optional;

/** An {@link InitRoleStore} in memory, for unit tests. */
public final class InMemoryInitRoleStore implements InitRoleStore {
  private InitRole role;

  @Override
  public synchronized Optional<InitRole> get() {
    return Optional.ofNullable(role);
  }

  @Override
  public synchronized boolean replace(InitRole expected, InitRole next) {
    if (!Objects.equals(role, expected)) {
      return false;
    }
    role = next;
    return true;
  }
}
