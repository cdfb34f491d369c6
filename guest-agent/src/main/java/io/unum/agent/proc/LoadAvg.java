package io.unum.agent.proc;

/** The run-queue averages of {@code /proc/loadavg}. */
public record LoadAvg(double one, double five, double fifteen) {
  public static final LoadAvg ZERO = new LoadAvg(0, 0, 0);

  /** Parses "0.52 0.58 0.59 2/345 6789". */
  public static LoadAvg parse(String text) {
    String[] fields = text.trim().split("\\s+");
    if (fields.length < 3) {
      throw new IllegalArgumentException("loadavg: expected 3 averages in '" + text.trim() + "'");
    }
    try {
      return new LoadAvg(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
          Double.parseDouble(fields[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("loadavg: not a number in '" + text.trim() + "'", e);
    }
  }
}
