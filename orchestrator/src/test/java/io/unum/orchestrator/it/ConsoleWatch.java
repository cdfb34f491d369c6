package io.unum.orchestrator.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.testcontainers.containers.Container;

/** The lab's node consoles as last read, to tell which guest kernels oopsed since. */
final class ConsoleWatch {
  /** Starts each console in one read of a host: a line beginning with a record separator, then the file's path. */
  private static final String FRAME = "\n\u001e";
  private static final String READ = "for f in " + HostLab.CONSOLES + "; do [ -f \"$f\" ] || continue;"
      + " printf '\\n\\036%s\\n' \"$f\"; cat \"$f\" 2>/dev/null; done; true";

  /**
   * Per host and console file, its complete lines when last read. A file that went away is not
   * forgotten: should it come back, it begins differently and is read as new all the same.
   */
  private final Map<String, Map<String, String>> seen = new HashMap<>();

  /**
   * Reads every node console on the lab's running hosts and returns, per console with something
   * new, the node, its host and the oops lines with context; what it read is the next baseline.
   * A host that is down is skipped: its consoles are read as they were once it is back.
   */
  List<String> oopsesSinceLastRead(HostLab lab) {
    List<String> found = new ArrayList<>();
    for (int h = 1; h <= lab.hosts(); h++) {
      String host = HostLab.name(h);
      if (!lab.hostRuns(host)) {
        continue;
      }
      Container.ExecResult read = lab.exec(host, "sh", "-c", READ);
      if (read.getExitCode() != 0) {
        throw new AssertionError("cannot read the node consoles on " + host + ": " + read.getStderr());
      }
      Map<String, String> before = seen.computeIfAbsent(host, key -> new HashMap<>());
      for (String console : read.getStdout().split(Pattern.quote(FRAME))) {
        int pathEnd = console.indexOf('\n');
        if (pathEnd < 0) {
          continue; // what comes before the first frame: nothing
        }
        String file = console.substring(0, pathEnd);
        String text = console.substring(pathEnd + 1);
        List<String> oops = ConsoleOopses.since(before.getOrDefault(file, ""), text);
        before.put(file, ConsoleOopses.complete(text));
        if (!oops.isEmpty()) {
          found.add(node(file) + " on " + host + " (" + file + "):\n" + String.join("\n", oops));
        }
      }
    }
    return found;
  }

  /** "node 3" for .../nodes/node3/console.log. */
  private static String node(String file) {
    String dir = file.substring(0, file.lastIndexOf('/'));
    return "node " + dir.substring(dir.lastIndexOf('/') + 1 + "node".length());
  }
}
