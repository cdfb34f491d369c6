package io.unum.orchestrator.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds what a guest kernel printed on its serial console when it oopsed, panicked or hit a BUG,
 * new since an earlier look, and cuts it out with a few lines of context. Pure text in, text out.
 */
final class ConsoleOopses {
  /**
   * What the kernel prints then, matched case-sensitively as it prints them. The guests boot with
   * {@code quiet} and without lockup or hung-task detectors, so a WARN's trace never reaches the
   * console: a "Call Trace:" there comes with an oops.
   */
  static final List<String> MARKERS = List.of("BUG: ", "kernel BUG at", "Oops", "Kernel panic",
      "general protection fault", "unable to handle", "Call Trace:");
  static final int BEFORE = 3;
  static final int AFTER = 8;
  /** Beyond this the excerpt is cut: the first lines of an oops say what it was. */
  static final int MAX_LINES = 60;

  private ConsoleOopses() {}

  /** The part of a console to remember as read: its complete lines (the last one may still grow). */
  static String complete(String console) {
    return console.substring(0, console.lastIndexOf('\n') + 1);
  }

  /**
   * The marker lines among the complete lines of {@code now} that come after {@code before} (what
   * {@link #complete} kept of an earlier look), each with {@link #BEFORE} and {@link #AFTER} lines
   * around it, numbered as in the console, a marker line flagged with '>'; empty when none is new.
   * A console that does not begin with {@code before} was started afresh (a domain that starts or
   * arrives truncates it), so all of it is new.
   */
  static List<String> since(String before, String now) {
    List<String> lines = complete(now).lines().toList();
    int first = now.startsWith(before) ? (int) before.lines().count() : 0;
    List<String> excerpt = new ArrayList<>();
    int shownUpTo = -1; // the last line already in the excerpt
    for (int i = first; i < lines.size(); i++) {
      if (!isMarker(lines.get(i))) {
        continue;
      }
      int from = Math.max(i - BEFORE, shownUpTo + 1);
      if (shownUpTo >= 0 && from > shownUpTo + 1) {
        excerpt.add("   ...");
      }
      int to = Math.min(i + AFTER, lines.size() - 1);
      for (int j = from; j <= to; j++) {
        excerpt.add(String.format("%6d%s %s", j + 1, isMarker(lines.get(j)) ? ">" : "|", lines.get(j)));
      }
      shownUpTo = Math.max(shownUpTo, to);
    }
    if (excerpt.size() <= MAX_LINES) {
      return excerpt;
    }
    List<String> cut = new ArrayList<>(excerpt.subList(0, MAX_LINES));
    cut.add("   ... and " + (excerpt.size() - MAX_LINES) + " more lines");
    return cut;
  }

  private static boolean isMarker(String line) {
    return MARKERS.stream().anyMatch(line::contains);
  }
}
