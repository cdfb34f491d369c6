package io.unum.orchestrator.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A daemon config file ({@code /etc/unum/unum.conf}): {@code key = value} lines whose keys are
 * the long option names of {@code unum daemon} without dashes. It becomes command-line
 * arguments, so a file and a flag are checked by the same rules.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** The file as {@code --key=value} arguments; unknown keys are refused, naming the file. */
  static List<String> toArgs(Path file, Set<String> knownKeys) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new CliFailure("config file " + file + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new CliFailure("cannot read config file " + file + ": " + e.getMessage());
    }
    List<String> args = new ArrayList<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!knownKeys.contains(key)) {
        throw new CliFailure("config file " + file + ": unknown key '" + key + "' (known: "
            + String.join(", ", new TreeSet<>(knownKeys)) + ")");
      }
      args.add("--" + key + "=" + properties.getProperty(key).strip());
    }
    return args;
  }
}
