package io.unum.orchestrator.access;

import java.time.Duration;
import java.util.Optional;

/** Where sessions live, by the hash of their id (the id itself is only in the browser's cookie). */
public interface SessionStore {
  void put(String idHash, Session session, Duration lifetime);

  Optional<Session> get(String idHash);

  void remove(String idHash);

  /** Ends every session of {@code user} (removed, or their password changed). */
  void removeUser(String user);
}
