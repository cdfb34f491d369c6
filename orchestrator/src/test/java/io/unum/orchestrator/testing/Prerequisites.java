package io.unum.orchestrator.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the machine (root, libvirtd, a tool). Where it is missing the test is
 * skipped, except in the full run ({@code ./unum test}, CI's), which provides all of it: there a
 * missing prerequisite fails the test instead of passing unnoticed as a skip.
 */
public final class Prerequisites {
  /** Set by {@code ./unum test}. */
  public static final String FULL_RUN = "unum.test.full";

  private Prerequisites() {}

  /** Goes on when {@code present}; else skips the test, or fails it in the full run, naming {@code what}. */
  public static void need(boolean present, String what) {
    if (present) {
      return;
    }
    if (Boolean.getBoolean(FULL_RUN)) {
      throw new AssertionError(what + ": './unum test' provides it, so this full run must not skip the test");
    }
    Assumptions.assumeTrue(false, what);
  }
}
