package io.unum.orchestrator.testing;

import io.unum.orchestrator.access.Session;
import io.unum.orchestrator.access.SessionStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SessionStore} in memory (no lifetime: the sessions' own expiry is checked), for unit tests. */
public final class InMemorySessionStore implements SessionStore {
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  @Override
  public void put(String idHash, Session session, Duration lifetime) {
    sessions.put(idHash, session);
  }

  @Override
  public Optional<Session> get(String idHash) {
    return Optional.ofNullable(sessions.get(idHash));
  }

  @Override
  public void remove(String idHash) {
    sessions.remove(idHash);
  }

  @Override
  public void removeUser(String user) {
    sessions.values().removeIf(session -> session.user().equals(user));
  }
}
