package io.unum.orchestrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which config file {@code unum daemon} reads: the one given, else the host's default if present. */
final class ConfigLocation {
  /** Every host's config file; a host configured by flags alone simply has none. */
  static final Path DEFAULT = Path.of("/etc/unum/unum.yaml");

  private ConfigLocation() {}

  /**
   * {@code given} (which must exist: a file asked for by name and missing is a mistake), or
   * without it {@code defaultFile} if it exists, or nothing.
   */
  static Optional<Path> of(Path given, Path defaultFile) {
    if (given != null) {
      if (!Files.exists(given)) {
        throw new CliFailure("config file " + given + " does not exist");
      }
      return Optional.of(given);
    }
    return Files.exists(defaultFile) ? Optional.of(defaultFile) : Optional.empty();
  }
}
