package io.unum.agent.proc;

/** Seconds since boot, from {@code /proc/uptime}. */
public final class Uptime {
  private Uptime() {}

  /** Parses "12345.67 23456.78" (uptime, then idle time summed over CPUs). */
  public static double parse(String text) {
    String[] fields = text.trim().split("\\s+");
    try {
      return Double.parseDouble(fields[0]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("uptime: not a number in '" + text.trim() + "'", e);
    }
  }
}
