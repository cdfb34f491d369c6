package io.unum.orchestrator.benchmarks;

/**
 * A guest that {@link MigrationSoak} keeps busy and moves: a Unum node (moved through the API) or
 * a plain copy of one (moved with virsh), so that Unum's moves and QEMU's are told apart.
 */
interface SoakGuest {
  /** What it is, for the report: "node 2", "plain copy". */
  String name();

  /** The lab host it runs on now. */
  String host();

  /** Runs {@code sh -c script} in the guest; its stdout, or a failure naming why it did not run. */
  String shell(String script);

  /** Moves it live to {@code host}; returns once the move ended, succeeded or failed. */
  Move moveTo(String host) throws InterruptedException;

  /**
   * How soon after the switch-over it must answer, in ms: the 5 s for a Unum node. The
   * plain copy's answer also waits for a JVM to start ({@code unum guest-exec}), seconds on a
   * busy host, so it is given more: that bound tells a lost port from a slow command.
   */
  default long answerTargetMillis() {
    return MigrationSoak.ANSWER_TARGET_MILLIS;
  }

  /** The tail of its serial console on the host it runs on (where a crashed kernel's last words are). */
  String consoleTail();

  /**
   * One live move.
   *
   * @param switchedMillis when the guest ran at the destination (wall clock), for the time until it answers
   * @param downtimeMillis its pause at the switch-over, or -1 when not known
   * @param notFound       GETs of the move's job answered 404 although its 202 had been sent
   * @param data           the data libvirt sent, as it says it ("98.123 MiB"), or "?"
   * @param error          why it failed, or null
   */
  record Move(long wallMillis, long switchedMillis, long downtimeMillis, int notFound, String data, String error) {
    boolean ok() {
      return error == null;
    }
  }
}
