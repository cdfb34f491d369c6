package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.UnumClient;
import java.util.Map;
import java.util.TreeMap;

/** Waits for nodes 1..N to settle (running or failed), printing each change of the tally. */
final class NodeProgress {
  private static final long POLL_MILLIS = 200;
  private static final int TIMEOUT_SECONDS = 240;

  private NodeProgress() {}

  /** Returns the node list once nodes 1..{@code nodes} are all running or failed. */
  static JsonNode await(UnumClient client, int nodes, String command) throws InterruptedException {
    long started = System.nanoTime();
    String last = "";
    while (true) {
      JsonNode list = client.nodes().list();
      Map<String, Integer> byState = new TreeMap<>();
      int settled = 0;
      for (JsonNode node : list) {
        if (node.path("node").asInt() > nodes) {
          continue;
        }
        String state = node.path("state").asText();
        byState.merge(state, 1, Integer::sum);
        settled += state.equals("running") || state.equals("failed") ? 1 : 0;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String summary = byState.toString().replace("{", "").replace("}", "").replace("=", ": ");
      if (!summary.equals(last)) {
        System.out.printf("%s:       nodes %s (%.1f s)%n", command, summary, seconds);
        last = summary;
      }
      if (settled == nodes) {
        return list;
      }
      if (seconds > TIMEOUT_SECONDS) {
        throw new CliFailure("nodes did not settle within " + TIMEOUT_SECONDS + " s; see 'unum nodes'");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** How many of nodes 1..{@code nodes} in {@code list} are in {@code state}. */
  static int count(JsonNode list, int nodes, String state) {
    int count = 0;
    for (JsonNode node : list) {
      if (node.path("node").asInt() <= nodes && state.equals(node.path("state").asText())) {
        count++;
      }
    }
    return count;
  }
}
