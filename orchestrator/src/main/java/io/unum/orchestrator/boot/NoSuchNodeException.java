package io.unum.orchestrator.boot;

import java.util.Collection;
import java.util.stream.Collectors;

/** A request named a node that does not exist; the message lists the ones that do. */
public final class NoSuchNodeException extends RuntimeException {
  public NoSuchNodeException(int node, Collection<Integer> existing) {
    super("node " + node + " does not exist; " + (existing.isEmpty() ? "there are no nodes (run 'unum up')"
        : "valid nodes: " + existing.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "))));
  }
}
