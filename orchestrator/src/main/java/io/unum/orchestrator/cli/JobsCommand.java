package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ClusterCalls;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code unum jobs}: the cluster's jobs, newest first. */
@Command(name = "jobs", description = "List jobs (running ones, and finished ones of the last 24 h).")
final class JobsCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Option(names = "--node", paramLabel = "N", description = "Only this node's jobs.")
  Integer node;

  @Option(names = "--state", description = "Only jobs in this state: queued, running, succeeded or failed.")
  String state;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode jobs = calls.jobs(node, state);
    if (output.printedAsData(calls.json(), jobs)) {
      return 0;
    }
    if (jobs.isEmpty()) {
      cli.out.println("no jobs");
      return 0;
    }
    long now = System.currentTimeMillis();
    Table table = new Table("JOB", "KIND", "TARGET", "STATE", "PROGRESS", "PHASE", "AGE", "ACCEPTED BY", "ERROR");
    for (JsonNode job : jobs) {
      table.row(job.path("id").asText(), job.path("kind").asText(), JobFollower.target(job),
          job.path("state").asText(), job.path("percent").asInt() + "%", job.path("phase").asText(),
          age(now - job.path("createdMillis").asLong()), job.path("acceptedBy").asText(),
          job.hasNonNull("error") ? job.get("error").asText() : "-");
    }
    table.print(cli.out);
    return 0;
  }

  static String age(long millis) {
    long seconds = Math.max(0, millis / 1000);
    return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m" : seconds / 3600 + "h";
  }
}
