package io.unum.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the everyday commands ask of the cluster (ps, kill, run, nodes, hosts, jobs, services,
 * logs, status, run level), answered as the API's JSON: over HTTP on a host
 * ({@link HttpClusterCalls}), by the host's own services for a command typed in a node.
 * Failures are {@link ApiFailure}s.
 */
public interface ClusterCalls {

  /** The process table: of {@code node} (null: every node), with kernel threads when {@code kernel}. */
  JsonNode processes(Integer node, boolean kernel);

  /** Sends {@code signal} to cluster PID {@code pid}; {@code sender} null: no permission check. */
  void signal(long pid, int signal, ProcessesClient.Sender sender);

  /**
   * Runs {@code argv} on {@code node} (null: the least-loaded); every NDJSON event of the run
   * ({@link ExecEvents}) goes to {@code onEvent}, until its exit or error.
   */
  void run(Integer node, List<String> argv, Consumer<String> onEvent);

  /**
   * A service's log as NDJSON lines, from its last {@code tail} (null: 100); with {@code follow},
   * new lines as they come; only {@code node}'s instance when it is not null.
   */
  void logs(String service, Integer tail, boolean follow, Integer node, Consumer<String> onLine);

  /** The nodes, filtered by state, host and label selector (each null: any). */
  JsonNode nodes(String state, String host, String selector);

  JsonNode hosts();

  /** The jobs, of {@code node} and in {@code state} (each null: any). */
  JsonNode jobs(Integer node, String state);

  JsonNode services();

  /** This host and the cluster as it sees them. */
  JsonNode status();

  /** The cluster as every host sees it: leader, run level, init node. */
  JsonNode cluster();

  /** Where the answers come from, as a person reads it: an API's URL, or a host. */
  String origin();

  /** The mapper the answers were read with, for printing them as data. */
  ObjectMapper json();
}
