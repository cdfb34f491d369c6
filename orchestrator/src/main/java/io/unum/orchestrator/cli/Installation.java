package io.unum.orchestrator.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where this Unum checkout lives and how to run its build scripts. The launcher passes
 * {@code -Dunum.home}; otherwise it is found from the jar's location.
 */
final class Installation {
  static final Path STATE_DIR = Path.of(System.getenv().getOrDefault("UNUM_STATE_DIR", "/var/lib/unum"));
  static final Path LOG_DIR = Path.of("/var/log/unum");
  /** A kernel build: ~4 min cold on 2 cores here, far longer on a slow or loaded machine. */
  static final Duration KERNEL_BUILD = Duration.ofHours(2);
  /** An image build (a node image, or the lab hosts' Docker image): downloads included. */
  static final Duration IMAGE_BUILD = Duration.ofHours(1);
  /** A host script (libvirt started or stopped, nodes removed, certificates): each bounds its own waits well within it. */
  static final Duration HOST_SCRIPT = Duration.ofMinutes(3);

  private final Path home;

  private Installation(Path home) {
    this.home = home;
  }

  static Installation locate() {
    String property = System.getProperty("unum.home");
    if (property != null) {
      return new Installation(Path.of(property).toAbsolutePath().normalize());
    }
    try {
      Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new Installation(jar.getParent().getParent().getParent());
    } catch (URISyntaxException e) {
      throw new CliFailure("cannot find the Unum checkout; run unum through the ./unum launcher");
    }
  }

  Path home() {
    return home;
  }

  Path jar() {
    return home.resolve("orchestrator/target/unum.jar");
  }

  Path agentJar() {
    return home.resolve("guest-agent/target/unum-agent.jar");
  }

  /** The checkout's commit (12 hex digits), read from its .git without running git; empty when unknown. */
  Optional<String> commit() {
    Path git = home.resolve(".git");
    try {
      String head = Files.readString(git.resolve("HEAD")).strip();
      if (!head.startsWith("ref: ")) {
        return shortHash(head);
      }
      String ref = head.substring(5);
      Path loose = git.resolve(ref).normalize();
      if (loose.startsWith(git) && Files.isRegularFile(loose)) {
        return shortHash(Files.readString(loose).strip());
      }
      // A ref packed by git gc: "HASH refs/heads/main" lines.
      return Files.readAllLines(git.resolve("packed-refs")).stream().filter(l -> l.endsWith(" " + ref))
          .findFirst().flatMap(l -> shortHash(l.substring(0, l.indexOf(' '))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> shortHash(String hash) {
    return hash.matches("[0-9a-f]{40}") ? Optional.of(hash.substring(0, 12)) : Optional.empty();
  }

  /** Builds the node kernel, or takes it from the cache (env: e.g. UNUM_CACHE); returns its path. */
  String buildKernel(Map<String, String> env) {
    return runScript(env, KERNEL_BUILD, "ssi-kernel-patches/build-kernel");
  }

  /** Builds the node base image with this checkout's agent, or takes it from the cache; returns its path. */
  String buildImage(Map<String, String> env) {
    return runScript(env, IMAGE_BUILD, "vm-images/build-image", "--agent-jar", agentJar().toString());
  }

  /**
   * Runs a script of the checkout within {@code deadline}. Its stderr (progress) goes to ours; the
   * last line of its stdout is its answer (e.g. a path). Fails with the script's exit code and
   * name, or, past the deadline, stops it (with whatever it started) and says so.
   */
  String runScript(Duration deadline, String relativePath, String... args) {
    return runScript(Map.of(), deadline, relativePath, args);
  }

  /** {@link #runScript(Duration, String, String...)} with extra environment variables. */
  String runScript(Map<String, String> env, Duration deadline, String relativePath, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve(relativePath).toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process = builder
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectInput(ProcessBuilder.Redirect.INHERIT)
          .start();
      // Read on another thread: a script that hangs must not hang us past its deadline.
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process));
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new CliFailure(relativePath + " did not finish within " + describe(deadline)
            + " and was stopped; see the messages above");
      }
      String out = stdout.get(10, TimeUnit.SECONDS).strip();
      if (process.exitValue() != 0) {
        throw new CliFailure(relativePath + " failed (exit " + process.exitValue() + "); see the messages above");
      }
      int lastLine = out.lastIndexOf('\n');
      return lastLine < 0 ? out : out.substring(lastLine + 1);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new CliFailure("cannot run " + relativePath + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while running " + relativePath);
    }
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(Duration deadline) {
    if (deadline.toMinutes() > 0 && deadline.toSecondsPart() == 0) {
      return deadline.toMinutes() + " min";
    }
    return deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms";
  }

  /** Waits up to {@code seconds} for a process to end. */
  static boolean waitForExit(long pid, int seconds) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return true;
    }
    try {
      process.get().onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.get().isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

}
