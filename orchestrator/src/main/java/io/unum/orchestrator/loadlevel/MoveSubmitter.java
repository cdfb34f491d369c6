package io.unum.orchestrator.loadlevel;

/** Starts the migration job for one of the balancer's moves. */
@FunctionalInterface
public interface MoveSubmitter {

  /** The id of the job that moves {@code node} to {@code to}; throws when it cannot start. */
  String submit(int node, String to);
}
