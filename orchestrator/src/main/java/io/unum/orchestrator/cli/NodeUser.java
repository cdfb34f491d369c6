package io.unum.orchestrator.cli;

/** The user of a node that an in-node {@code unum} command runs for, as the node's kernel named it. */
public record NodeUser(long uid, long gid) {

  boolean root() {
    return uid == 0;
  }
}
