package io.unum.orchestrator.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The one way tests wait: for a condition, with a bound, failing with what was awaited. */
public final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@code bound}. */
  public static void until(String what, Duration bound, BooleanSupplier condition) {
    until(what, bound, condition, () -> "");
  }

  /**
   * As {@link #until(String, Duration, BooleanSupplier)}, and a failure also says what
   * {@code seen} reports at that moment: the state that kept the condition from holding.
   */
  public static void until(String what, Duration bound, BooleanSupplier condition, Supplier<String> seen) {
    long deadline = System.nanoTime() + bound.toNanos();
    // Look often enough for short bounds, rarely enough not to load what is looked at.
    long pauseMillis = Math.max(10, Math.min(200, bound.toMillis() / 100));
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        String last = seen.get();
        throw new AssertionError(what + " did not happen within " + describe(bound)
            + (last.isEmpty() ? "" : "; seen last: " + last));
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /**
   * For a check that something does not happen: {@code condition} must hold at every look
   * throughout {@code window} (a time the test measures itself); fails naming {@code what} the
   * first time it does not.
   */
  public static void holds(String what, Duration window, BooleanSupplier condition) {
    long end = System.nanoTime() + window.toNanos();
    long pauseMillis = Math.max(10, Math.min(200, window.toMillis() / 100));
    do {
      if (!condition.getAsBoolean()) {
        throw new AssertionError(what + " stopped holding within " + describe(window));
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while checking that " + what, e);
      }
    } while (System.nanoTime() - end < 0);
  }

  /** Returns the first value {@code probe} finds; fails naming {@code what} if it finds none within {@code bound}. */
  public static <T> T value(String what, Duration bound, Supplier<Optional<T>> probe) {
    AtomicReference<T> found = new AtomicReference<>();
    until(what, bound, () -> probe.get().map(value -> {
      found.set(value);
      return true;
    }).orElse(false));
    return found.get();
  }

  private static String describe(Duration bound) {
    return bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s" : bound.toMillis() + " ms";
  }
}
