package io.unum.agent;

/**
 * One line per event on stderr, which is the guest's console. The console is a slow emulated
 * serial port, so a peer that floods the agent with bad lines must not flood it too: past
 * {@value #LINES_PER_SECOND} lines a second the rest are counted and reported once.
 */
public final class Log {
  private static final String PREFIX = "unum-agent: ";
  private static final int LINES_PER_SECOND = 20;
  private static long windowStart = System.nanoTime();
  private static int linesInWindow;
  private static int suppressed;

  private Log() {}

  public static synchronized void line(String text) {
    long now = System.nanoTime();
    if (now - windowStart >= 1_000_000_000L) {
      if (suppressed > 0) {
        System.err.println(PREFIX + suppressed + " more lines suppressed");
      }
      windowStart = now;
      linesInWindow = 0;
      suppressed = 0;
    }
    if (linesInWindow++ < LINES_PER_SECOND) {
      System.err.println(PREFIX + text);
    } else {
      suppressed++;
    }
  }
}
