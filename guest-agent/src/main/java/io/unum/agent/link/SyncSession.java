package io.unum.agent.link;

/** The requests between one sync and the next; what they still have to say is dropped once it ends. */
final class SyncSession {
  private volatile boolean ended;

  void end() {
    ended = true;
  }

  boolean ended() {
    return ended;
  }
}
