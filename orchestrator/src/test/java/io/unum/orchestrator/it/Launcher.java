package io.unum.orchestrator.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./unum} launcher of this checkout, the way a user types it. */
final class Launcher {
  static final Path HOME = Path.of(System.getProperty("unum.home", "..")).toAbsolutePath().normalize();

  private Launcher() {}

  /** What a command printed and how it ended. */
  record Result(int exitCode, byte[] stdoutBytes, String stderr, double seconds) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + " after " + seconds + " s\n--- stdout\n" + tail(stdout())
          + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String text) {
      return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }
  }

  static Result unum(String... args) {
    return unumWithin(600, args);
  }

  /** The CLI showing the credential in {@code tokenFile} (a lab host's), not this machine's. */
  static Result unumAs(Path tokenFile, String... args) {
    List<String> command = new ArrayList<>();
    command.add(HOME.resolve("unum").toString());
    command.addAll(List.of(args));
    return run(command, 600, Map.of("UNUM_TOKEN_FILE", tokenFile.toString()));
  }

  /** For commands that may build the kernel cold (~6 min on 2 busy cores). */
  static Result unumWithin(int timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>();
    command.add(HOME.resolve("unum").toString());
    command.addAll(List.of(args));
    return run(command, timeoutSeconds);
  }

  static Result run(List<String> command, int timeoutSeconds) {
    return run(command, timeoutSeconds, Map.of());
  }

  static Result run(List<String> command, int timeoutSeconds, Map<String, String> env) {
    return run(command, timeoutSeconds, env, "");
  }

  /** Runs {@code command} with {@code input} on its stdin; it must end within {@code timeoutSeconds}. */
  /** A command that runs until interrupted ({@code events}, {@code logs -f}), started; see {@link Following}. */
  static Following follow(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      return new Following(command, process, System.nanoTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running command whose output can be read as it comes, stopped as ^C stops it. */
  static final class Following implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final long start;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    private Following(List<String> command, Process process, long start) {
      this.command = command;
      this.process = process;
      this.start = start;
      this.outPump = pump(process.getInputStream(), out);
      this.errPump = pump(process.getErrorStream(), err);
    }

    /** What it printed so far. */
    String stdout() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    /** SIGTERM, as the JVM takes ^C (its shutdown hooks run); killed when it outlives 10 s more. */
    Result stop() {
      try {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
        outPump.join();
        errPump.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while stopping " + String.join(" ", command), e);
      }
      return new Result(process.exitValue(), stdout().getBytes(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8), Math.round((System.nanoTime() - start) / 1e7) / 100.0);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Runs {@code command} with {@code input} on its stdin; it must end within {@code timeoutSeconds}. */
  static Result run(List<String> command, int timeoutSeconds, Map<String, String> env, String input) {
    long start = System.nanoTime();
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread outPump = pump(process.getInputStream(), out);
      Thread errPump = pump(process.getErrorStream(), err);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
      }
      outPump.join();
      errPump.join();
      return new Result(process.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8),
          Math.round((System.nanoTime() - start) / 1e7) / 100.0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (sink) { // Following reads it while it fills
            sink.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // The process went away; what was read is kept.
      }
    });
    thread.start();
    return thread;
  }
}
