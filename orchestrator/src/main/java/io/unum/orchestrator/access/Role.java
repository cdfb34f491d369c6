package io.unum.orchestrator.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a caller may do: each role includes the ones after it. */
public enum Role {
  /** Everything: users, cluster down, the balancer's settings. */
  ADMIN,
  /** Nodes, jobs, services, migrations, run levels, host maintenance; no users, no cluster down. */
  OPERATOR,
  /** Read only: the auditor. */
  VIEWER;

  /** Whether a caller with this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return ordinal() <= needed.ordinal();
  }

  /** The role's name as the API and the CLI write it. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code label}, or an error that lists the roles. */
  @JsonCreator
  public static Role parse(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException("no role '" + label + "'; roles: "
        + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
  }
}
