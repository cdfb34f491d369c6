package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum run --node N -- CMD ARGS...}: run a program on a node, streaming its output. */
@Command(name = "run", description = {"Run a program on a node; its output streams here and its",
    "exit code becomes this command's (127 when it cannot be started)."})
final class RunCommand implements Callable<Integer> {
  /** Exit code of a program that could not be started, as shells use it. */
  static final int CANNOT_RUN = 127;

  @ParentCommand
  UnumCli cli;

  @Option(names = "--node", required = true, paramLabel = "N", description = "Node to run on.")
  int node;

  @Parameters(arity = "1..*", paramLabel = "CMD", description = "Program and arguments (after --).")
  List<String> command;

  @Override
  public Integer call() {
    ApiClient client = cli.client();
    OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    int[] exit = {-1};
    String[] error = {null};
    client.stream("/api/v1/nodes/" + node + "/exec", Map.of("argv", command), line -> {
      try {
        JsonNode event = client.json().readTree(line);
        switch (event.path("event").asText()) {
          case "output" -> {
            byte[] data = Base64.getDecoder().decode(event.path("data").asText());
            if ("stderr".equals(event.path("stream").asText())) {
              stdout.flush();
              stderr.write(data);
            } else {
              stdout.write(data);
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
      throw new CliFailure("node " + node + ": " + error[0], cannotStart ? CANNOT_RUN : 1);
    }
    if (exit[0] < 0) {
      throw new CliFailure("the stream from node " + node + " ended without an exit code");
    }
    return exit[0];
  }
}
