package io.unum.orchestrator.access;

/**
 * Who makes a request: a user, the role this credential grants (never wider than the user's),
 * and how they proved it ("token ci", "session", "host credential").
 */
public record Principal(String user, Role role, String via) {
  /** Whether this caller may do what {@code needed} may. */
  public boolean may(Role needed) {
    return role.includes(needed);
  }
}
