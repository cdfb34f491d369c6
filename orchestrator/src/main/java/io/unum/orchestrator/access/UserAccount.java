package io.unum.orchestrator.access;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A user of the cluster: a name, a role, and the hash of a password when it has one. */
public record UserAccount(String name, Role role, String passwordHash, long createdMillis) {
  /** Whether the user can sign in with a password (else tokens only). */
  @JsonIgnore
  public boolean hasPassword() {
    return passwordHash != null && !passwordHash.isEmpty();
  }
}
