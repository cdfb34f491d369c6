package io.unum.orchestrator.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code unum daemon} option whose value fails a check picocli's types cannot express. The
 * problem is kept apart from the flag's name so that a value from the config file can be
 * reported under its key and line instead.
 */
final class InvalidOption extends ParameterException {
  private static final long serialVersionUID = 1L;
  private final String problem;

  /** {@code option} (its long name) has {@code value}, which {@code problem} explains. */
  InvalidOption(CommandSpec spec, String option, Object value, String problem) {
    super(spec.commandLine(), option + ": " + problem, spec.findOption(option), String.valueOf(value));
    this.problem = problem;
  }

  String problem() {
    return problem;
  }
}
