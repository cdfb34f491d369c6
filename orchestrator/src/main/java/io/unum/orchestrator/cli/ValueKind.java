package io.unum.orchestrator.cli;

import picocli.CommandLine.Model.OptionSpec;

/** What a config file key takes: derived from its {@code unum daemon} option, so the two agree. */
enum ValueKind {
  /** One value, taken as written (a name, an address, a path). */
  TEXT,
  /** One whole number. */
  NUMBER,
  /** A YAML list, or one comma-separated string. */
  LIST;

  static ValueKind of(OptionSpec option) {
    if (option.isMultiValue()) {
      return LIST;
    }
    Class<?> type = option.type();
    return type == int.class || type == Integer.class || type == long.class || type == Long.class
        ? NUMBER : TEXT;
  }
}
