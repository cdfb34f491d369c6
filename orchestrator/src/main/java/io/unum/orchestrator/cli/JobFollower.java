package io.unum.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows a job until it ends ({@code --wait}): a progress bar redrawn in place on a terminal,
 * one line per phase otherwise (logs, CI). For a run-level change, each node's moves (state and
 * boot phase: starting, kernel, init, agent, joined) are printed above the bar as they happen.
 * Exits like the job: 0 when it succeeded.
 */
final class JobFollower {
  private static final int WIDTH = 30;
  private static final long POLL_MILLIS = 250;

  private final UnumClient client;
  private final PrintStream out;
  private final boolean terminal;

  JobFollower(UnumClient client, PrintStream out, boolean terminal) {
    this.client = client;
    this.out = out;
    this.terminal = terminal;
  }

  /** Waits for the job to end; returns it as it ended. */
  JsonNode follow(JsonNode job) throws InterruptedException {
    String id = job.path("id").asText();
    String lastPhase = "";
    Map<Integer, String> nodes = new HashMap<>();
    while (true) {
      if (job.has("level")) {
        printNodeMoves(nodes);
      }
      String line = line(job);
      // A terminal gets the bar redrawn in place; a log gets a line per phase, not per percent.
      String phase = job.path("state").asText() + " " + job.path("phase").asText();
      if (terminal) {
        out.print("\r" + line + "\033[K");
      } else if (!phase.equals(lastPhase)) {
        out.println(line);
      }
      lastPhase = phase;
      String state = job.path("state").asText();
      if (state.equals("succeeded") || state.equals("failed")) {
        if (terminal) {
          out.println();
        }
        return job;
      }
      Thread.sleep(POLL_MILLIS);
      job = client.jobs().get(id);
    }
  }

  /** The exit code for a job that ended, after saying why it failed. */
  /** Prints a line for every node whose state or boot phase changed since the last call. */
  private void printNodeMoves(Map<Integer, String> seen) {
    for (JsonNode node : client.nodes().list()) {
      int number = node.path("node").asInt();
      String state = node.path("state").asText();
      String now = state.equals("booting") ? state + " (" + node.path("bootPhase").asText() + ")" : state;
      if (!now.equals(seen.put(number, now))) {
        out.print((terminal ? "\r\033[K" : "") + String.format("  node %-3d %s%s%n", number, now,
            node.hasNonNull("host") ? " on " + node.path("host").asText() : ""));
      }
    }
  }

  /**
   * What a verb that started a job prints: with {@code await} the job's progress and its outcome
   * as exit code; else the job (as data with -o) or a line saying how to follow it.
   */
  static int submitted(UnumClient client, JsonNode accepted, boolean await, OutputOption output, PrintStream out,
      PrintStream err) throws JsonProcessingException, InterruptedException {
    JsonNode job = await ? new JobFollower(client, err, System.console() != null).follow(accepted) : accepted;
    if (!output.printedAsData(client.json(), job) && !await) {
      String id = job.path("id").asText();
      out.println("job " + id + " (" + what(job).strip() + ") accepted; follow it with 'unum job " + id + " --wait'");
    }
    return await ? outcome(job, err) : 0;
  }

  static int outcome(JsonNode job, PrintStream err) {
    if (job.path("state").asText().equals("succeeded")) {
      return 0;
    }
    err.println("unum: job " + job.path("id").asText() + " failed: " + job.path("error").asText());
    return 1;
  }

  static String line(JsonNode job) {
    int percent = job.path("percent").asInt();
    int filled = percent * WIDTH / 100;
    return String.format("%s %s [%s%s] %3d%%  %s", job.path("id").asText(), what(job), "#".repeat(filled),
        ".".repeat(WIDTH - filled), percent, job.path("phase").asText());
  }

  /** What the job does: "node 4 start ", "run level 3". */
  static String what(JsonNode job) {
    return job.has("level") ? target(job) : String.format("%s %-6s", target(job), job.path("kind").asText());
  }

  /** What the job acts on: "node 4", "run level 3". */
  static String target(JsonNode job) {
    return job.has("level") ? "run level " + job.path("level").asInt() : "node " + job.path("node").asInt();
  }
}
