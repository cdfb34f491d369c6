package io.unum.orchestrator.it;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Fails a lab test during which a guest kernel oopsed or panicked, naming the test, the node and
 * the console lines, so that the first test to fail for a broken node says why rather
 * than the ones after it failing for no visible reason. Every node console of the lab is read
 * around each test; only what is new since the last read counts.
 */
final class GuestHealth implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GuestHealth.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    // What came before the test (the lab's start, a class's set-up or tear-down) is read now, so
    // the test answers only for its own; reported here, as nobody else will.
    check(context, "before it began");
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    // A test that failed because its node oopsed says so first, its own failure as the cause.
    List<String> oopses;
    try {
      oopses = read(context);
    } catch (RuntimeException | AssertionError unread) {
      failure.addSuppressed(unread);
      throw failure;
    }
    if (oopses.isEmpty()) {
      throw failure;
    }
    throw report(context, "during the test", oopses, failure);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context, "during the test");
  }

  private static void check(ExtensionContext context, String when) {
    List<String> oopses = read(context);
    if (!oopses.isEmpty()) {
      throw report(context, when, oopses, null);
    }
  }

  /** What is new in the lab's consoles since the run's last read (the first read: all of them). */
  private static List<String> read(ExtensionContext context) {
    ConsoleWatch watch = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(ConsoleWatch.class, key -> new ConsoleWatch(), ConsoleWatch.class);
    return watch.oopsesSinceLastRead();
  }

  private static AssertionError report(ExtensionContext context, String when, List<String> oopses, Throwable cause) {
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    return new AssertionError(test + ": a guest kernel oopsed " + when + "\n" + String.join("\n", oopses), cause);
  }
}
