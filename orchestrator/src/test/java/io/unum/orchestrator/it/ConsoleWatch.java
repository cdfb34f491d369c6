package io.unum.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The lab's node consoles as last read, to tell which guest kernels oopsed since. */
final class ConsoleWatch {
  /**
   * Per console file, its complete lines when last read. A file that went away is not forgotten:
   * should it come back (a node's next cold start), it begins differently and is read as new.
   */
  private final Map<Path, String> seen = new HashMap<>();

  /**
   * Reads every node's console (one file on the lab's shared folder, whichever hosts the node ran
   * on) and returns, per console with something new, the node and the oops lines with context;
   * what it read is the next baseline.
   */
  List<String> oopsesSinceLastRead() {
    List<String> found = new ArrayList<>();
    try {
      for (Path file : HostLab.consoles()) {
        String text;
        try {
          text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
          continue; // set aside by a cold start meanwhile: read as new next time
        }
        List<String> oops = ConsoleOopses.since(seen.getOrDefault(file, ""), text);
        seen.put(file, ConsoleOopses.complete(text));
        if (!oops.isEmpty()) {
          found.add(file.getParent().getFileName().toString().replace("node", "node ") + " (" + file + "):\n"
              + String.join("\n", oops));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the node consoles", e);
    }
    return found;
  }
}
