package io.unum.orchestrator.services;

import java.io.Serializable;

/**
 * One line a service wrote, as the cluster keeps it.
 *
 * @param seq    its place in the service's log (grows by one a line; for resuming a follow)
 * @param stream stdout, stderr, or unum for what the cluster says about the log (lines dropped)
 */
public record LogLine(long seq, int node, long millis, String stream, String line) implements Serializable {
  /** The same line at {@code seq}. */
  LogLine at(long seq) {
    return new LogLine(seq, node, millis, stream, line);
  }
}
