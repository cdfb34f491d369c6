package io.unum.orchestrator.services;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A cluster service as declared: what to run, as whom, at which run levels, where, how to
 * restart it, and what it needs running first. {@code revision} is set by the catalog: it grows
 * with every change and every restart asked for, and a new one restarts the running instances.
 *
 * @param node               the node it runs on when {@code placement} is {@code node}
 * @param stopTimeoutSeconds how long it gets after SIGTERM before SIGKILL when it stops
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSpec(String name, List<String> command, String user, List<Integer> runLevels,
    Placement placement, Integer node, Restart restart, Integer stopTimeoutSeconds, List<String> dependsOn,
    Map<String, String> env, long revision) implements Serializable {

  /** The run levels a service declared without any runs at: the multi-user ones. */
  public static final List<Integer> DEFAULT_LEVELS = List.of(2, 3, 5);
  public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 10;

  public ServiceSpec {
    command = command == null ? null : List.copyOf(command);
    runLevels = runLevels == null ? DEFAULT_LEVELS : List.copyOf(runLevels);
    placement = placement == null ? Placement.ANY : placement;
    restart = restart == null ? Restart.DEFAULT : restart;
    stopTimeoutSeconds = stopTimeoutSeconds == null ? DEFAULT_STOP_TIMEOUT_SECONDS : stopTimeoutSeconds;
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    env = env == null ? Map.of() : new TreeMap<>(env);
  }

  /** This spec at {@code revision}. */
  public ServiceSpec at(long revision) {
    return new ServiceSpec(name, command, user, runLevels, placement, node, restart, stopTimeoutSeconds,
        dependsOn, env, revision);
  }

  /** Whether it runs at cluster run level {@code level}. */
  public boolean runsAt(int level) {
    return runLevels.contains(level);
  }

  /** Where a service runs: one given node, any one node, or every node. */
  public enum Placement {
    ANY, EVERY, NODE;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Placement of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }

  /** Restart policy: when to start it again after it ended, how fast, and how often in a row. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Restart(Policy policy, Integer limit, Long backoffMillis, Long maxBackoffMillis)
      implements Serializable {
    public static final Restart DEFAULT = new Restart(null, null, null, null);

    public Restart {
      policy = policy == null ? Policy.ON_FAILURE : policy;
      limit = limit == null ? 5 : limit;
      backoffMillis = backoffMillis == null ? 1000L : backoffMillis;
      maxBackoffMillis = maxBackoffMillis == null ? Math.max(30_000L, backoffMillis) : maxBackoffMillis;
    }
  }

  /** When an ended service is started again. */
  public enum Policy {
    ALWAYS, ON_FAILURE, NEVER;

    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Policy of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }
}
