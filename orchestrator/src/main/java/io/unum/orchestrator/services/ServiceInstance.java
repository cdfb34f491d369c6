package io.unum.orchestrator.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.unum.agent.protocol.Messages;
import java.io.Serializable;
import java.util.List;

/**
 * One service on one node, as its agent last reported it.
 *
 * @param state    waiting, running, backoff, exited, failed or stopping (the agent's words)
 * @param pid      its process group leader, a cluster-wide PID; 0 when none runs
 * @param exitCode how it last ended (128+N: killed by signal N); null before any end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceInstance(String service, int node, String state, long pid, int restarts, Integer exitCode,
    long sinceMillis, String message, List<String> lastOutput, long revision) implements Serializable {
  public static final String RUNNING = "running";
  public static final String FAILED = "failed";

  public ServiceInstance {
    lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
  }

  /** What an agent reported about one of its services. */
  public static ServiceInstance of(int node, Messages.ServiceStatus status) {
    return new ServiceInstance(status.name(), node, status.state().wireName(), status.pid(), status.restarts(),
        status.exitCode(), status.sinceMillis(), status.message(), status.lastOutput(), status.revision());
  }

  public boolean running() {
    return RUNNING.equals(state);
  }
}
