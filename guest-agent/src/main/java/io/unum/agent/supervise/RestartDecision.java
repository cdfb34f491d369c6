package io.unum.agent.supervise;

/**
 * What becomes of a service whose program ended on its own.
 *
 * @param restarts    its restarts in a row, counting the one decided here
 * @param delayMillis how long to wait before that restart (0 unless {@code RESTART})
 * @param message     why it is failed, or when it starts again, in words
 */
record RestartDecision(Action action, int restarts, long delayMillis, String message) {

  /** Start it again after the delay, leave it ended, or give up on it. */
  enum Action { RESTART, EXITED, FAILED }
}
