package io.unum.orchestrator.cli;

import io.unum.orchestrator.access.Role;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine;

/** Reads a {@code --role} as the API writes roles (admin, operator, viewer), and lists them for help and completion. */
final class RoleConverter implements CommandLine.ITypeConverter<Role>, Iterable<String> {
  @Override
  public Role convert(String value) {
    try {
      return Role.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Role.values()).map(Role::label).iterator();
  }
}
