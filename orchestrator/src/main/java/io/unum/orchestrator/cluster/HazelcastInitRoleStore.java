package io.unum.orchestrator.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.Optional;

/** {@link InitRoleStore} on one entry of the {@code unum.init-role} IMap. */
public final class HazelcastInitRoleStore implements InitRoleStore {
  private static final String KEY = "init";

  private final IMap<String, InitRole> map;

  public HazelcastInitRoleStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.init-role");
  }

  @Override
  public Optional<InitRole> get() {
    return Optional.ofNullable(map.get(KEY));
  }

  @Override
  public boolean replace(InitRole expected, InitRole next) {
    return expected == null ? map.putIfAbsent(KEY, next) == null : map.replace(KEY, expected, next);
  }
}
