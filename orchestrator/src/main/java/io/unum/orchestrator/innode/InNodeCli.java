package io.unum.orchestrator.innode;

import io.unum.orchestrator.client.ClusterCalls;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** The in-node {@code unum}: runs one command line in-process for a node's user ({@code cli.UnumCli.runFor} is it). */
@FunctionalInterface
public interface InNodeCli {

  /**
   * Runs {@code args} for {@code caller}, calling {@code calls} (this host's services) and printing
   * to {@code out} and {@code err}; only {@code verbs} exist. Returns the exit code.
   */
  int run(NodeUser caller, ClusterCalls calls, Set<String> verbs, PrintStream out, PrintStream err, List<String> args);
}
