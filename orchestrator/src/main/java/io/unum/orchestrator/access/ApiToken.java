package io.unum.orchestrator.access;

/**
 * An API token as stored: the hash of its secret only (the secret is shown once, when made).
 *
 * @param expiresMillis when it stops working; 0 for never
 */
public record ApiToken(String id, String name, String user, Role role, String secretHash, long createdMillis,
    long expiresMillis) {
  /** Whether the token works at {@code nowMillis}. */
  public boolean validAt(long nowMillis) {
    return expiresMillis == 0 || nowMillis < expiresMillis;
  }
}
