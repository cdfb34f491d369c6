package io.unum.orchestrator.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sessions in the replicated map {@code unum.sessions} as JSON, each with its lifetime as the
 * entry's TTL. Replicated: every console request checks its session, and a read of the local
 * copy never waits for the control plane (an IMap read waits while partitions move, seconds when
 * a host comes or goes); a sign-out reaches the other hosts within milliseconds.
 */
public final class HazelcastSessionStore implements SessionStore {
  private final ReplicatedMap<String, String> map;
  private final ObjectMapper json = new ObjectMapper();

  public HazelcastSessionStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getReplicatedMap("unum.sessions");
  }

  @Override
  public void put(String idHash, Session session, Duration lifetime) {
    try {
      map.put(idHash, json.writeValueAsString(session), lifetime.toSeconds(), TimeUnit.SECONDS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a session", e);
    }
  }

  @Override
  public Optional<Session> get(String idHash) {
    String value = map.get(idHash);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(value, Session.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  @Override
  public void remove(String idHash) {
    map.remove(idHash);
  }

  @Override
  public void removeUser(String user) {
    for (String key : map.keySet()) {
      get(key).filter(session -> session.user().equals(user)).ifPresent(session -> map.remove(key));
    }
  }
}
