package io.unum.orchestrator.innode;

/** The user of a node that an in-node {@code unum} command runs for, as the node's kernel named it. */
public record NodeUser(long uid, long gid) {

  public boolean root() {
    return uid == 0;
  }
}
