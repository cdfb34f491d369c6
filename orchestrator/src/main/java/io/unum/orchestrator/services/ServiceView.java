package io.unum.orchestrator.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A service as the API shows it: its spec, and where it stands.
 *
 * @param state    running (everywhere it should), starting, waiting (for a dependency), restarting
 *                 (in backoff), failed, pending (no node for it), or inactive (not at this run level)
 * @param nodes    where the leader placed it
 * @param message  what holds it back, in words; null when nothing does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceView(String name, ServiceSpec spec, String state, List<Integer> nodes,
    List<ServiceInstance> instances, String message) {

  /** The view of {@code spec} from the assignment and the instances reported for it. */
  static ServiceView of(ServiceSpec spec, ServiceAssignment assignment, List<ServiceInstance> instances) {
    List<Integer> nodes = assignment.of(spec.name());
    int level = assignment.level();
    if (!spec.runsAt(level)) {
      return new ServiceView(spec.name(), spec, instances.isEmpty() ? "inactive" : "stopping", nodes, instances,
          "runs at run levels " + spec.runLevels() + "; the cluster is at " + level);
    }
    if (!assignment.nodes().containsKey(spec.name())) {
      return new ServiceView(spec.name(), spec, "pending", nodes, instances, "not placed yet: the leader places"
          + " services within a second");
    }
    if (nodes.isEmpty()) {
      return new ServiceView(spec.name(), spec, "pending", nodes, instances, switch (spec.placement()) {
        case NODE -> "node " + spec.node() + " is not running";
        case ANY, EVERY -> "no node is running";
      });
    }
    for (ServiceInstance instance : instances) {
      if (ServiceInstance.FAILED.equals(instance.state())) {
        return new ServiceView(spec.name(), spec, "failed", nodes, instances,
            "node " + instance.node() + ": " + instance.message());
      }
    }
    long running = instances.stream().filter(i -> i.running() && nodes.contains(i.node())).count();
    if (running == nodes.size()) {
      return new ServiceView(spec.name(), spec, "running", nodes, instances, null);
    }
    for (ServiceInstance instance : instances) {
      if ("waiting".equals(instance.state())) {
        return new ServiceView(spec.name(), spec, "waiting", nodes, instances, instance.message() != null
            ? instance.message() : "waits for " + String.join(", ", spec.dependsOn()));
      }
      if ("backoff".equals(instance.state())) {
        return new ServiceView(spec.name(), spec, "restarting", nodes, instances,
            "node " + instance.node() + ": restart " + instance.restarts() + " after exit code " + instance.exitCode());
      }
    }
    return new ServiceView(spec.name(), spec, "starting", nodes, instances, null);
  }
}
