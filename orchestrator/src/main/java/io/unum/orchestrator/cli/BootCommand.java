package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum boot}: the cluster from powered off to its default run level, root node first. */
@Command(name = "boot", description = {"Boot the cluster to its default run level (3): the root node first, then",
    "the others in parallel; a node that fails is retried, then left out (the job says so)."})
final class BootCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = "--wait", description = "Show the boot's progress and exit with its outcome.")
  boolean await;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "Sent again within 24 h, the same key answers the first job instead of starting another.")
  String idempotencyKey;

  @Override
  public Integer call() throws Exception {
    ApiClient client = cli.client();
    JsonNode job = client.post("/api/v1/cluster/boot", null, JobFollower.headers(idempotencyKey));
    return JobFollower.submitted(client, job, await, output, cli.out, cli.err);
  }
}
