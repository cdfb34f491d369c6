package io.unum.orchestrator.innode;

import io.unum.orchestrator.client.ClusterCalls;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** The in-node {@code unum}: runs one command line in-process for a node's user ({@code cli.UnumCli.runFor} is it). */
@FunctionalInterface
public interface InNodeCli {

  /**
   * Runs {@code args} for {@code caller}: the everyday verbs call {@code calls}, the others (run,
   * logs) the API at {@code api} with {@code token}; prints to {@code out} and {@code err}; only
   * {@code verbs} exist. Returns the exit code.
   */
  int run(NodeUser caller, ClusterCalls calls, String api, String token, Set<String> verbs, PrintStream out,
      PrintStream err, List<String> args);
}
