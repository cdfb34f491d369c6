package io.unum.orchestrator.cli;

import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.orchestrator.agentlink.AgentLink;
import io.unum.orchestrator.agentlink.ExecListener;
import io.unum.orchestrator.agentlink.ReadinessListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code unum guest-exec --socket PATH -- ARGV}: runs a program in a guest through its agent's
 * socket on this host, with no orchestrator involved (as {@code virsh qemu-agent-command} does for
 * QEMU's agent): for guests that no orchestrator manages, such as the plain copies that
 * {@code unum bench migrate} moves with virsh beside Unum's.
 */
@Command(name = "guest-exec", description = "Run a program in a guest through its agent's socket on this host,"
    + " without an orchestrator (for guests none manages, e.g. the benchmark's plain-virsh copies).")
final class GuestExecCommand implements Callable<Integer> {
  @Option(names = "--socket", required = true, paramLabel = "PATH", description = "The guest's agent socket.")
  Path socket;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "Give up after this long in all, handshake included (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Parameters(arity = "1..*", paramLabel = "ARGV", description = "The program and its arguments.")
  List<String> argv;

  @Override
  public Integer call() throws InterruptedException, IOException {
    if (timeoutSeconds < 1) {
      throw new CliFailure("--timeout must be at least 1 second, got " + timeoutSeconds, 2);
    }
    if (!Files.exists(socket)) {
      throw new CliFailure("no agent socket at " + socket + "; is the guest running on this host?");
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    ReadinessListener listener = new ReadinessListener();
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    try (AgentLink link = new AgentLink(0, socket, listener, new MessageCodec())) {
      link.start();
      await(listener.ready(), deadline, "no answer from the agent at " + socket);
      link.exec(argv, Map.of(), new Printer(exit));
      return await(exit, deadline, argv.get(0) + " did not end");
    }
  }

  private <T> T await(CompletableFuture<T> future, long deadline, String what) throws InterruptedException {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new CliFailure(what + " within " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      throw new CliFailure(e.getCause().getMessage());
    }
  }

  /** Copies the program's output to this process's streams and completes with its exit code. */
  private record Printer(CompletableFuture<Integer> exit) implements ExecListener {
    @Override
    public void onStarted(long pid) { }

    @Override
    public void onOutput(Messages.Stream stream, byte[] data, Runnable consumed) {
      PrintStream to = stream == Messages.Stream.STDERR ? System.err : System.out;
      to.write(data, 0, data.length);
      to.flush();
      consumed.run();
    }

    @Override
    public void onExit(int code) {
      exit.complete(code);
    }

    @Override
    public void onError(String message) {
      exit.completeExceptionally(new IllegalStateException(message));
    }
  }
}
