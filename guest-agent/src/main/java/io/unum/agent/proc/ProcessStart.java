package io.unum.agent.proc;

/**
 * When a process started, from its {@code /proc/PID/stat}. The JDK's own start instant adds
 * the boot time, which the kernel gives in whole seconds: too coarse to time a start-up.
 */
public final class ProcessStart {
  /** USER_HZ, the unit of stat's times; 100 on every Linux architecture the guest runs. */
  private static final int TICKS_PER_SECOND = 100;
  /** starttime is field 22; fields after the command name count from field 3. */
  private static final int STARTTIME_AFTER_COMM = 22 - 3;

  private ProcessStart() {}

  /** Seconds after boot at which the process started. */
  public static double secondsAfterBoot(String stat) {
    // The command name sits in parentheses and may itself hold spaces and parentheses.
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      throw new IllegalArgumentException("stat: no command name");
    }
    String[] fields = stat.substring(end + 1).trim().split("\\s+");
    if (fields.length <= STARTTIME_AFTER_COMM) {
      throw new IllegalArgumentException("stat: too few fields");
    }
    try {
      return Long.parseLong(fields[STARTTIME_AFTER_COMM]) / (double) TICKS_PER_SECOND;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("stat: starttime is not a number", e);
    }
  }
}
