package io.unum.orchestrator.cli;

import java.util.Locale;

/** Linux signal names and numbers, as kill(1) spells them (HUP, SIGTERM, 9, RTMIN+2). */
final class Signals {
  static final int MAX = 64;
  private static final int RTMIN = 34;
  private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
      "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
      "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};

  private Signals() {}

  /** The number of a signal given as a number (0..64) or a name, with or without SIG. */
  static int number(String text) {
    String name = text.strip().toUpperCase(Locale.ROOT);
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      int number = name.length() > 3 ? -1 : Integer.parseInt(name);
      if (number >= 0 && number <= MAX) {
        return number;
      }
      throw new IllegalArgumentException("signal " + text + " is out of range (0.." + MAX + ")");
    }
    if (name.startsWith("SIG")) {
      name = name.substring(3);
    }
    for (int i = 1; i < NAMES.length; i++) {
      if (NAMES[i].equals(name)) {
        return i;
      }
    }
    if (name.equals("RTMIN") || name.equals("RTMAX")) {
      return name.equals("RTMIN") ? RTMIN : MAX;
    }
    if (name.matches("RTMIN\\+\\d{1,2}") || name.matches("RTMAX-\\d{1,2}")) {
      int offset = Integer.parseInt(name.substring(6));
      int number = name.startsWith("RTMIN") ? RTMIN + offset : MAX - offset;
      if (number >= RTMIN && number <= MAX) {
        return number;
      }
    }
    throw new IllegalArgumentException("unknown signal '" + text + "'; 'unum kill -l' lists them");
  }

  /** The name of a signal number: TERM, RTMIN+2; the number itself for 32 and 33. */
  static String name(int number) {
    if (number > 0 && number < NAMES.length) {
      return NAMES[number];
    }
    if (number == RTMIN) {
      return "RTMIN";
    }
    if (number > RTMIN && number <= MAX) {
      return "RTMIN+" + (number - RTMIN);
    }
    return Integer.toString(number);
  }
}
