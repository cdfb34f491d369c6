package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code unum run [--node N] -- CMD ARGS...}: run a program on a node (the least-loaded one
 * unless named), streaming its output.
 */
@Command(name = "run", description = {"Run a program on a node: the one named, else the least-loaded",
    "(exec-time placement). Its output streams here and its exit code becomes this command's",
    "(127 when it cannot be started)."})
final class RunCommand implements Callable<Integer> {
  /** Exit code of a program that could not be started, as shells use it. */
  static final int CANNOT_RUN = 127;

  @ParentCommand
  UnumCli cli;

  @Option(names = "--node", paramLabel = "N", description = "Node to run on (default: the least-loaded).")
  Integer node;

  @Option(names = {"-v", "--verbose"}, description = "Say on stderr which node runs the program.")
  boolean verbose;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "Program and arguments (after --).")
  List<String> command;

  @Override
  public Integer call() {
    ClusterCalls calls = cli.calls();
    OutputStream stdout = new BufferedOutputStream(cli.out == System.out
        ? new FileOutputStream(FileDescriptor.out) : cli.out, 1 << 16);
    OutputStream stderr = cli.err == System.err ? new FileOutputStream(FileDescriptor.err) : cli.err;
    int[] exit = {-1};
    int[] ranOn = {node == null ? 0 : node};
    String[] error = {null};
    calls.run(node, argv(), line -> {
      try {
        JsonNode event = calls.json().readTree(line);
        switch (event.path("event").asText()) {
          case "started" -> {
            ranOn[0] = event.path("node").asInt(ranOn[0]);
            if (verbose) {
              stderr.write(("unum: running on node " + ranOn[0] + " as pid " + event.path("pid").asLong() + "\n")
                  .getBytes(StandardCharsets.UTF_8));
            }
          }
          case "output" -> {
            byte[] data = Base64.getDecoder().decode(event.path("data").asText());
            if ("stderr".equals(event.path("stream").asText())) {
              stdout.flush();
              stderr.write(data);
            } else {
              stdout.write(data);
              stdout.flush();
            }
          }
          case "exit" -> exit[0] = event.path("code").asInt();
          case "error" -> error[0] = event.path("message").asText();
          default -> { }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      stdout.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (error[0] != null) {
      boolean cannotStart = error[0].startsWith("cannot run");
      throw new CliFailure(where(ranOn[0]) + error[0], cannotStart ? CANNOT_RUN : 1);
    }
    if (exit[0] < 0) {
      throw new CliFailure("the stream from " + where(ranOn[0]) + "ended without an exit code");
    }
    return exit[0];
  }

  private static String where(int node) {
    return node > 0 ? "node " + node + ": " : "";
  }

  /** The program; for a node user, run with that user's ids (the agent itself is root). */
  private List<String> argv() {
    if (cli.caller == null || cli.caller.root()) {
      return command;
    }
    List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + cli.caller.uid(),
        "--regid=" + cli.caller.gid(), "--clear-groups", "--"));
    argv.addAll(command);
    return argv;
  }
}
