package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.client.ClusterCalls;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum logs SERVICE [-f]}: what a service's instances wrote, from every node, in order. */
@Command(name = "logs", description = "Show a service's output (all its nodes); -f follows it.")
final class LogsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());

  @ParentCommand
  UnumCli cli;

  @Parameters(paramLabel = "SERVICE")
  String service;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Start with the last N lines (default: 100).")
  Integer tail;

  @Option(names = "--node", paramLabel = "N", description = "Only this node's instance.")
  Integer node;

  @Option(names = {"-t", "--timestamps"}, description = "Show when each line was received.")
  boolean timestamps;

  @Option(names = {"-o", "--output"}, description = "text or json (one line object per line).", defaultValue = "text")
  String format;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliFailure("-o must be text or json, got '" + format + "'", 2);
    }
    ClusterCalls calls = cli.calls();
    calls.logs(service, tail, follow, node, line -> print(calls.json(), line));
    return 0;
  }

  private void print(ObjectMapper json, String line) {
    if (format.equals("json")) {
      cli.out.println(line);
      return;
    }
    try {
      JsonNode entry = json.readTree(line);
      StringBuilder text = new StringBuilder();
      if (timestamps) {
        text.append(TIME.format(Instant.ofEpochMilli(entry.path("millis").asLong()))).append(' ');
      }
      text.append("node").append(entry.path("node").asInt());
      String stream = entry.path("stream").asText();
      text.append(stream.equals("stdout") ? " | " : stream.equals("stderr") ? " ! " : " * ");
      cli.out.println(text.append(entry.path("line").asText()));
    } catch (Exception e) {
      cli.out.println(line);
    }
  }
}
