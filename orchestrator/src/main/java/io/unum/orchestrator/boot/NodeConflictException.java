package io.unum.orchestrator.boot;

/** A request that the node's current state does not allow (e.g. running a program on a stopped node). */
public final class NodeConflictException extends RuntimeException {
  public NodeConflictException(String message) {
    super(message);
  }
}
