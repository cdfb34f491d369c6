package io.unum.orchestrator.cli;

import io.unum.orchestrator.client.ClusterCalls;
import io.unum.orchestrator.runlevel.RunLevels;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code unum status}: the cluster at a glance. */
@Command(name = "status", description = "Show the cluster's state: hosts, hypervisor, nodes.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  UnumCli cli;

  @Mixin
  OutputOption output;

  @Override
  public Integer call() throws Exception {
    ClusterCalls calls = cli.calls();
    JsonNode status = calls.status();
    if (output.printedAsData(calls.json(), status)) {
      return 0;
    }
    PrintStream out = cli.out;
    JsonNode host = status.path("host");
    out.println("orchestrator  " + status.path("version").asText() + " at " + calls.origin());
    out.println("host          " + host.path("name").asText() + " (" + host.path("cpus").asInt()
        + " CPUs, " + host.path("memoryMiB").asLong() + " MiB)");
    out.println("hypervisor    " + host.path("accel").asText() + " via " + host.path("libvirtUri").asText()
        + " (" + host.path("accelReason").asText() + ")");
    out.println("fencing       " + status.path("fencing").asText());
    JsonNode cluster = status.path("cluster");
    int up = 0;
    int suspect = 0;
    for (JsonNode other : cluster.path("hosts")) {
      up += "up".equals(other.path("state").asText()) ? 1 : 0;
      suspect += "suspect".equals(other.path("state").asText()) ? 1 : 0;
    }
    String leader = cluster.path("leader").isTextual()
        ? cluster.path("leader").asText() + " (epoch " + cluster.path("leaderEpoch").asLong() + ")"
        : "none (no majority of the control plane here)";
    out.println("cluster       " + cluster.path("name").asText() + ", leader " + leader);
    out.println("run level     " + cluster.path("runLevel").asInt() + " ("
        + RunLevels.name(cluster.path("runLevel").asInt()) + ")" + (cluster.path("previousRunLevel").isInt()
        ? ", previous " + cluster.path("previousRunLevel").asInt() : ""));
    out.println("init role     " + (cluster.path("initNode").isInt()
        ? "node " + cluster.path("initNode").asInt() + " (epoch " + cluster.path("initEpoch").asLong() + ")"
        : "none (no node runs)"));
    out.println("control plane " + cluster.path("controlPlaneMembers").asInt() + " member(s), "
        + up + " of " + cluster.path("hosts").size() + " host(s) up" + (suspect > 0 ? ", " + suspect + " suspect" : "")
        + "; " + cluster.path("consistency").asText());
    out.println("host failure  suspect after " + cluster.path("suspectAfterSeconds").asLong() + " s unheard, down after "
        + cluster.path("failureDeadlineSeconds").asLong() + " s (the failure deadline)");
    StringBuilder states = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = cluster.path("nodesByState").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      states.append(states.length() == 0 ? "" : ", ").append(entry.getValue().asInt()).append(' ').append(entry.getKey());
    }
    out.println("nodes         " + cluster.path("nodes").asInt()
        + (states.length() > 0 ? " (" + states + ")" : ""));
    return 0;
  }
}
