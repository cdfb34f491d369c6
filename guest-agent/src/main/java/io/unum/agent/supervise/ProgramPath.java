package io.unum.agent.supervise;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Finds a service's program as a shell would: a name with a '/' as it is, any other in PATH. */
final class ProgramPath {
  /** What the agent searches when its own environment has no PATH (the node's init sets none). */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String path;

  /** @param path a colon-separated search list; null or empty means {@link #DEFAULT_PATH} */
  ProgramPath(String path) {
    this.path = path == null || path.isEmpty() ? DEFAULT_PATH : path;
  }

  /** The executable file {@code program} names, or null when there is none. */
  Path find(String program) {
    if (program.isEmpty() || program.indexOf('\0') >= 0) {
      return null; // not a file name: Path.of would throw
    }
    if (program.indexOf('/') >= 0) {
      return executable(Path.of(program)) ? Path.of(program) : null;
    }
    for (String dir : path.split(":", -1)) {
      // An empty entry means the current directory to a shell; services run in /, so it is /.
      Path candidate;
      try {
        candidate = Path.of(dir.isEmpty() ? "/" : dir).resolve(program);
      } catch (InvalidPathException e) {
        continue;
      }
      if (executable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean executable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }
}
