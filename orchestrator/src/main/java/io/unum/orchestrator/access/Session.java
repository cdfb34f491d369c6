package io.unum.orchestrator.access;

/** A browser's signed-in session: whose, which role, the CSRF token its writes echo, until when. */
public record Session(String user, Role role, String csrfToken, long expiresMillis) {
  /** Who the session proves. */
  public Principal principal() {
    return new Principal(user, role, "session");
  }
}
