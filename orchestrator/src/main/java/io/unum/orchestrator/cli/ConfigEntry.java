package io.unum.orchestrator.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * One key of a config file with its value(s) and the line it is on, so that a problem found
 * later (by picocli or the daemon's checks) can still name the file, line and key.
 */
record ConfigEntry(Path file, int line, String key, List<String> values) {
  ConfigEntry {
    values = List.copyOf(values);
  }

  /** The entry as {@code --key=value} arguments of {@code unum daemon}, one per value. */
  List<String> args() {
    return values.stream().map(value -> "--" + key + "=" + value).toList();
  }

  /** A failure that points at this entry: {@code FILE:LINE: key 'KEY': PROBLEM}. */
  CliFailure failure(String problem) {
    return failure(file, line, key, problem);
  }

  static CliFailure failure(Path file, int line, String key, String problem) {
    return new CliFailure(file + ":" + line + ": key '" + key + "': " + problem);
  }
}
