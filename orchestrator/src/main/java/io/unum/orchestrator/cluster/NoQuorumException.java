package io.unum.orchestrator.cluster;

/** The control plane has no majority, so nothing that needs its leader can be done now. */
public final class NoQuorumException extends RuntimeException {
  public NoQuorumException(String message) {
    super(message);
  }
}
