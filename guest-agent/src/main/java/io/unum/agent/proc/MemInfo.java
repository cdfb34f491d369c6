package io.unum.agent.proc;

/** Total and available memory in KiB, from {@code /proc/meminfo}. */
public record MemInfo(long totalKiB, long availableKiB) {
  public static final MemInfo ZERO = new MemInfo(0, 0);

  /**
   * Parses "MemTotal:  16384 kB" style lines. Kernels before 3.14 have no MemAvailable; then
   * free + buffers + page cache is the usual estimate.
   */
  public static MemInfo parse(String text) {
    long total = -1;
    long available = -1;
    long free = 0;
    long buffers = 0;
    long cached = 0;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      switch (key) {
        case "MemTotal" -> total = kib(line, colon);
        case "MemAvailable" -> available = kib(line, colon);
        case "MemFree" -> free = kib(line, colon);
        case "Buffers" -> buffers = kib(line, colon);
        case "Cached" -> cached = kib(line, colon);
        default -> { }
      }
    }
    if (total < 0) {
      throw new IllegalArgumentException("meminfo: no MemTotal line");
    }
    return new MemInfo(total, available >= 0 ? available : free + buffers + cached);
  }

  private static long kib(String line, int colon) {
    String value = line.substring(colon + 1).trim();
    int space = value.indexOf(' ');
    try {
      return Long.parseLong(space < 0 ? value : value.substring(0, space));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("meminfo: not a number in '" + line.trim() + "'", e);
    }
  }
}
