package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.UnumClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Runs a program on a node through the API and collects what it printed. */
final class ProgramRun {
  private ProgramRun() {}

  /**
   * What the program printed on stdout; fails naming the node when it exits non-zero. Its every
   * failure is a BenchFailure, the API's too, in the CLI's words (the benches catch that alone, and
   * print its message).
   */
  static String output(UnumClient client, int node, String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int[] exit = {-1};
    try {
      client.nodes().exec(node, List.of(argv), line -> {
        try {
          JsonNode event = client.json().readTree(line);
          switch (event.path("event").asText()) {
            case "output" -> ("stderr".equals(event.path("stream").asText()) ? err : out)
                .writeBytes(Base64.getDecoder().decode(event.path("data").asText()));
            case "exit" -> exit[0] = event.path("code").asInt();
            case "error" -> err.writeBytes(event.path("message").asText().getBytes(StandardCharsets.UTF_8));
            default -> { }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (ApiFailure e) {
      throw new BenchFailure(e.explanation());
    }
    if (exit[0] != 0) {
      throw new BenchFailure("node " + node + ": '" + String.join(" ", argv) + "' failed (exit " + exit[0]
          + "): " + err.toString(StandardCharsets.UTF_8).strip());
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
