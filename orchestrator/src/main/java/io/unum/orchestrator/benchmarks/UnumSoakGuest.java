package io.unum.orchestrator.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ApiFailure;
import io.unum.orchestrator.client.ApiPaths;
import io.unum.orchestrator.client.UnumClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A Unum node of the lab as a {@link SoakGuest}: moved by migration jobs, run through the API. */
final class UnumSoakGuest implements SoakGuest {
  private static final long JOB_DEADLINE_MILLIS = 180_000;
  private static final long DOWNTIME_WAIT_MILLIS = 3_000;
  private final UnumClient api;
  private final int node;

  UnumSoakGuest(UnumClient api, int node) {
    this.api = api;
    this.node = node;
  }

  @Override
  public String name() {
    return "node " + node;
  }

  @Override
  public String host() {
    return reported(() -> api.nodes().get(node)).path("host").asText();
  }

  @Override
  public String shell(String script) {
    return ProgramRun.output(api, node, "sh", "-c", script);
  }

  @Override
  public Move moveTo(String host) throws InterruptedException {
    long t0 = System.nanoTime();
    JsonNode accepted;
    try {
      accepted = api.nodes().migrate(node, host);
    } catch (ApiFailure refused) {
      return new Move(millisSince(t0), 0, -1, 0, "?", "refused: " + refused.explanation());
    }
    String id = accepted.path("id").asText();
    String location = ApiPaths.job(id);
    int notFound = 0;
    long deadline = System.currentTimeMillis() + JOB_DEADLINE_MILLIS;
    JsonNode job = accepted;
    String unanswered = null;
    while (!List.of("succeeded", "failed").contains(job.path("state").asText())) {
      if (System.currentTimeMillis() > deadline) {
        return new Move(millisSince(t0), 0, -1, notFound, "?", "job " + location + " did not end within "
            + JOB_DEADLINE_MILLIS / 1000 + " s (" + job.path("phase").asText()
            + (unanswered == null ? "" : "; last read failed: " + unanswered) + ")");
      }
      Thread.sleep(20); // polled often: the job's end is the wall time measured
      try {
        Optional<JsonNode> read = api.jobs().find(id);
        if (read.isEmpty()) {
          notFound++;
        } else {
          job = read.get();
        }
      } catch (ApiFailure e) {
        unanswered = e.explanation(); // a busy control plane: read again until the deadline
      }
    }
    long wall = millisSince(t0);
    if (job.path("state").asText().equals("failed")) {
      return new Move(wall, 0, -1, notFound, "?", job.path("error").asText());
    }
    // The destination adds the pause its libvirt measured just after the job ended.
    long waitUntil = System.currentTimeMillis() + DOWNTIME_WAIT_MILLIS;
    while (!job.hasNonNull("downtimeMillis") && System.currentTimeMillis() < waitUntil) {
      Thread.sleep(100);
      job = reported(() -> api.jobs().find(id)).orElse(job);
    }
    return new Move(wall, job.path("finishedMillis").asLong(System.currentTimeMillis()),
        job.path("downtimeMillis").asLong(-1), notFound, "?", null);
  }

  @Override
  public String consoleTail() {
    StringBuilder tail = new StringBuilder();
    reported(() -> api.nodes().console(node, 40)).path("lines")
        .forEach(line -> tail.append(line.asText()).append('\n'));
    return tail.toString();
  }

  /** The soak prints what fails, in the CLI's words (ProgramRun's failures already are). */
  private static <T> T reported(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiFailure e) {
      throw new BenchFailure(e.explanation());
    }
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
