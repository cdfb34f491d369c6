package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.Messages.Stream;

/** Receives the progress of one program run on a node. Exactly one of onExit/onError ends it. */
public interface ExecListener {

  void onStarted(long pid);

  /**
   * A chunk of output. Call {@code consumed} once the chunk has been passed on: only then may the
   * agent send more (flow control), so a slow reader never makes anyone buffer without bound.
   */
  void onOutput(Stream stream, byte[] data, Runnable consumed);

  void onExit(int code);

  /** The program could not run, or the link was lost; {@code message} says which. */
  void onError(String message);
}
