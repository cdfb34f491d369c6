package io.unum.orchestrator.cli;

import io.unum.orchestrator.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Runs the CLI in this JVM against the API at a base URL, catching what it prints. */
final class CliRunner {
  /** What a run of the CLI printed and returned. */
  record Result(int code, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private final String base;

  CliRunner(String base) {
    this.base = base;
  }

  /**
   * Runs {@code unum --host BASE args} with {@code stdin} as standard input. The CLI answers before this
   * returns and a canned API records each request before answering it, so no waiting is needed after.
   */
  Result run(String stdin, String... args) {
    InputStream in = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try (Printed printed = new Printed()) {
      int code = UnumCli.run(withHost(args));
      return printed.result(code);
    } finally {
      System.setIn(in);
    }
  }

  /**
   * Runs {@code unum --host BASE args} (a command that goes on until interrupted, e.g. one that
   * follows a log) on a thread of its own until what it printed satisfies {@code done}, then
   * interrupts it, as Ctrl-C ends it. Fails when that does not come within {@code within}.
   */
  Result runUntil(Predicate<String> done, Duration within, String... args) throws InterruptedException {
    AtomicInteger code = new AtomicInteger(-1);
    Thread command = new Thread(() -> code.set(UnumCli.run(withHost(args))), "cli-under-test");
    try (Printed printed = new Printed()) {
      command.start();
      try {
        Await.until("the command to print what was awaited (or end)", within,
            () -> done.test(printed.out()) || !command.isAlive());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; out: " + printed.out() + " err: " + printed.err(), e);
      }
      command.interrupt();
      command.join(within.toMillis());
      if (command.isAlive()) {
        throw new AssertionError("the command did not end when interrupted");
      }
      return printed.result(code.get());
    }
  }

  private String[] withHost(String... args) {
    List<String> all = new ArrayList<>(List.of("--host", base));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /** System.out and System.err caught while it is open, put back when it closes. */
  private static final class Printed implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    Printed() {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    String out() {
      return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return errBytes.toString(StandardCharsets.UTF_8);
    }

    Result result(int code) {
      System.out.flush();
      System.err.flush();
      return new Result(code, out(), err());
    }

    @Override
    public void close() {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
