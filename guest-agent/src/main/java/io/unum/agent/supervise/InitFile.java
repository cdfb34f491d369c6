package io.unum.agent.supervise;

import java.io.IOException;
import java.nio.file.Path;

/**
 * /run/unum/init: whether this node holds the cluster's init role, under which epoch, and the
 * cluster's run level, for programs on the node (one line, {@code holder=yes epoch=2 runlevel=3}).
 */
final class InitFile {
  private final Path file;

  InitFile(Path file) {
    this.file = file;
  }

  void write(boolean holder, long epoch, int runLevel) throws IOException {
    AtomicFiles.write(file, line(holder, epoch, runLevel));
  }

  static String line(boolean holder, long epoch, int runLevel) {
    return "holder=" + (holder ? "yes" : "no") + " epoch=" + epoch + " runlevel=" + runLevel + "\n";
  }
}
