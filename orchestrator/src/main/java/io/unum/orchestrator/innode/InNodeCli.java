package io.unum.orchestrator.innode;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** The in-node {@code unum}: runs one command line in-process for a node's user ({@code cli.UnumCli.runFor} is it). */
@FunctionalInterface
public interface InNodeCli {

  /**
   * Runs {@code args} for {@code caller} against the API at {@code api} with {@code token},
   * printing to {@code out} and {@code err}; only {@code verbs} exist. Returns the exit code.
   */
  int run(NodeUser caller, String api, String token, Set<String> verbs, PrintStream out, PrintStream err,
      List<String> args);
}
