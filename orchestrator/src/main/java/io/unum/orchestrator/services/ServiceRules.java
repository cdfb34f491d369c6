package io.unum.orchestrator.services;

import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.runlevel.RunLevels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a service declaration valid, alone and among the others. Plain logic. */
final class ServiceRules {
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_.-]{0,61}[a-z0-9])?");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}\\$?");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  static final long MAX_BACKOFF_MILLIS = 3_600_000;

  private ServiceRules() {}

  /** Fails with the first problem of {@code spec}, checked against the other services of {@code catalog}. */
  static void check(ServiceSpec spec, ServiceCatalog catalog) {
    require(spec.name() != null && NAME.matcher(spec.name()).matches(), "name",
        "must be 1-63 lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
    checkCommand(spec.command());
    require(spec.user() == null || USER.matcher(spec.user()).matches(), "user", "is not a user name");
    checkLevels(spec.runLevels());
    checkPlacement(spec);
    ServiceSpec.Restart restart = spec.restart();
    require(restart.limit() >= 0 && restart.limit() <= 1000, "restart.limit", "must be 0..1000");
    require(restart.backoffMillis() >= 10 && restart.backoffMillis() <= MAX_BACKOFF_MILLIS, "restart.backoffMillis",
        "must be 10.." + MAX_BACKOFF_MILLIS);
    require(restart.maxBackoffMillis() >= restart.backoffMillis() && restart.maxBackoffMillis() <= MAX_BACKOFF_MILLIS,
        "restart.maxBackoffMillis", "must be backoffMillis.." + MAX_BACKOFF_MILLIS);
    require(spec.stopTimeoutSeconds() >= 0 && spec.stopTimeoutSeconds() <= 3600, "stopTimeoutSeconds",
        "must be 0..3600");
    for (Map.Entry<String, String> variable : spec.env().entrySet()) {
      require(ENV_NAME.matcher(variable.getKey()).matches(), "env." + variable.getKey(), "is not a variable name");
      require(variable.getValue() != null && variable.getValue().indexOf('\0') < 0, "env." + variable.getKey(),
          "must be a string without NUL");
    }
    checkDependencies(spec, catalog);
  }

  private static void checkCommand(List<String> command) {
    require(command != null && !command.isEmpty(), "command", "must name a program: [\"program\", \"arg\", ...]");
    require(!command.get(0).isBlank(), "command[0]", "must name a program");
    for (int i = 0; i < command.size(); i++) {
      require(command.get(i) != null && command.get(i).indexOf('\0') < 0, "command[" + i + "]",
          "must be a string without NUL");
    }
  }

  private static void checkLevels(List<Integer> levels) {
    require(!levels.isEmpty(), "runLevels", "must list at least one run level (1, 2, 3 or 5)");
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < levels.size(); i++) {
      Integer level = levels.get(i);
      String field = "runLevels[" + i + "]";
      require(level != null && level >= 0 && level <= 6 && level != 4, field,
          "run level " + level + " does not exist; services run at 1 (single-user), 2, 3 or 5");
      require(level != RunLevels.HALT && level != RunLevels.REBOOT, field,
          "run level " + level + " is " + RunLevels.name(level) + ": no service runs there; use 1, 2, 3 or 5");
      require(seen.add(level), field, "run level " + level + " is listed twice");
    }
  }

  private static void checkPlacement(ServiceSpec spec) {
    if (spec.placement() == ServiceSpec.Placement.NODE) {
      require(spec.node() != null, "node", "is required with placement 'node'");
      require(spec.node() >= 1 && spec.node() <= PidSpace.MAX_NODE_NUMBER, "node", "must be 1.." + PidSpace.MAX_NODE_NUMBER);
    } else {
      require(spec.node() == null, "node", "goes only with placement 'node' (this one is '"
          + spec.placement().wire() + "')");
    }
  }

  private static void checkDependencies(ServiceSpec spec, ServiceCatalog catalog) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < spec.dependsOn().size(); i++) {
      String dependency = spec.dependsOn().get(i);
      String field = "dependsOn[" + i + "]";
      require(dependency != null && !dependency.equals(spec.name()), field, "a service cannot depend on itself");
      require(seen.add(dependency), field, "'" + dependency + "' is listed twice");
      ServiceSpec needed = catalog.services().get(dependency);
      require(needed != null, field, "no service '" + dependency + "' (declare it first)");
      for (int level : spec.runLevels()) {
        require(needed.runsAt(level), field, "'" + dependency + "' does not run at run level " + level
            + ", where '" + spec.name() + "' runs: it would wait for ever");
      }
    }
    List<String> cycle = cycleThrough(spec, catalog);
    require(cycle.isEmpty(), "dependsOn", "makes a cycle: " + String.join(" -> ", cycle));
  }

  /** A dependency path from {@code spec} back to itself, if the catalog with spec has one. */
  private static List<String> cycleThrough(ServiceSpec spec, ServiceCatalog catalog) {
    List<String> path = new ArrayList<>(List.of(spec.name()));
    return walk(spec.name(), spec.dependsOn(), catalog, path, new HashSet<>()) ? path : List.of();
  }

  private static boolean walk(String start, List<String> dependencies, ServiceCatalog catalog, List<String> path,
      Set<String> visited) {
    for (String dependency : dependencies) {
      path.add(dependency);
      if (dependency.equals(start)) {
        return true;
      }
      ServiceSpec next = catalog.services().get(dependency);
      if (next != null && visited.add(dependency) && walk(start, next.dependsOn(), catalog, path, visited)) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }

  private static void require(boolean ok, String field, String why) {
    if (!ok) {
      throw new InvalidServiceException(field, why);
    }
  }
}
