package io.unum.orchestrator.access;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Sessions in the {@code unum.sessions} map as JSON, each with its lifetime as the entry's TTL. */
public final class HazelcastSessionStore implements SessionStore {
  private final IMap<String, String> map;
  private final ObjectMapper json = new ObjectMapper();

  public HazelcastSessionStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap("unum.sessions");
  }

  @Override
  public void put(String idHash, Session session, Duration lifetime) {
    try {
      map.set(idHash, json.writeValueAsString(session), lifetime.toSeconds(), TimeUnit.SECONDS);
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
    map.delete(idHash);
  }

  @Override
  public void removeUser(String user) {
    for (String key : map.keySet()) {
      get(key).filter(session -> session.user().equals(user)).ifPresent(session -> map.delete(key));
    }
  }
}
