package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/** The options of every verb that starts a job, and how such a verb ends: --wait, --idempotency-key. */
final class JobOptions {
  @Option(names = "--wait", description = "Show the job's progress and exit with its outcome.")
  boolean await;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Sent again within 24 h, the same key answers the first job instead of starting another.")
  String idempotencyKey;

  /**
   * Sends the request that starts the job ({@code send} gets the client and the idempotency key,
   * null for none), then follows the job with --wait or says how to follow it.
   */
  int submit(UnumCli cli, OutputOption output, BiFunction<UnumClient, String, JsonNode> send) throws Exception {
    UnumClient client = cli.client();
    JsonNode job = send.apply(client, idempotencyKey);
    return JobFollower.submitted(client, job, await, output, cli.out, cli.err);
  }
}
