package io.unum.orchestrator.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The word {@code unum restart} leaves for the daemon it stops: a file in the state directory,
 * taken once as the daemon closes, so that its lease parts with the restart grace. A plain stop
 * (a host shutting down, {@code unum down}) leaves none, and the host's nodes are restarted
 * elsewhere after the usual term.
 */
public final class RestartRequest {
  private static final String FILE = "restart-asked";

  private RestartRequest() {
  }

  /** Asks the daemon of {@code stateDir} to part for a restart when it stops next. */
  public static void ask(Path stateDir) {
    try {
      Files.writeString(stateDir.resolve(FILE), "asked by unum restart\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask for a restart in " + stateDir + ": " + e.getMessage(), e);
    }
  }

  /** Whether a restart was asked for; the request is used up. */
  public static boolean take(Path stateDir) {
    try {
      return Files.deleteIfExists(stateDir.resolve(FILE));
    } catch (IOException e) {
      return false; // no grace: the host's nodes are only restarted elsewhere sooner
    }
  }
}
