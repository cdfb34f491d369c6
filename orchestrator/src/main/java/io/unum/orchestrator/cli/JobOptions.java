package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The options of every verb that starts a job, and how such a verb ends: --wait, --idempotency-key. */
final class JobOptions {
  @Option(names = "--wait", description = "Show the job's progress and exit with its outcome.")
  boolean await;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Sent again within 24 h, the same key answers the first job instead of starting another.")
  String idempotencyKey;

  /**
   * Sends the request that starts the job ({@code send} gets the request headers), then follows
   * the job with --wait or says how to follow it.
   */
  int submit(UnumCli cli, OutputOption output, Function<Map<String, String>, JsonNode> send) throws Exception {
    ApiClient client = cli.client();
    JsonNode job = send.apply(idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    return JobFollower.submitted(client, job, await, output, cli.out, cli.err);
  }
}
