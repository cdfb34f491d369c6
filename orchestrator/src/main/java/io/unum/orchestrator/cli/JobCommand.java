package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum job ID}: one job, or with --wait its progress until it ends. */
@Command(name = "job", description = "Show one job; with --wait, follow it to its end.")
final class JobCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Parameters(paramLabel = "ID", description = "The job's id (from 'unum jobs').")
  String id;

  @Option(names = "--wait", description = "Show its progress and exit with its outcome.")
  boolean await;

  @Option(names = "--cancel", description = "Cancel it (a migration: the node stays where it was).")
  boolean cancel;

  @Override
  public Integer call() throws Exception {
    UnumClient client = cli.client();
    JsonNode job = cancel ? client.jobs().cancel(id) : client.jobs().get(id);
    if (await) {
      job = new JobFollower(client, System.err, System.console() != null).follow(job);
    }
    if (!output.printedAsData(client.json(), job)) {
      System.out.println(JobFollower.line(job) + "  (" + job.path("state").asText() + ", accepted by "
          + job.path("acceptedBy").asText() + ")");
      if (job.hasNonNull("error")) {
        System.out.println("error: " + job.get("error").asText());
      }
    }
    return await ? JobFollower.outcome(job, System.err) : 0;
  }
}
