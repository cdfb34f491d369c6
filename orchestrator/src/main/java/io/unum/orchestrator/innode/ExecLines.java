package io.unum.orchestrator.innode;

import io.unum.agent.protocol.Messages.Stream;
import io.unum.orchestrator.agentlink.ExecListener;
import io.unum.orchestrator.client.ExecEvents;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A program run on a node of this host, as the API's NDJSON events, handed to a consumer on the
 * thread that waits for it. The agent link's reader only queues (it serves the whole node); the
 * output is acknowledged once the consumer took it, so the program goes at its reader's pace,
 * and the agent's window bounds what is queued. If the consumer fails (the node user went
 * away), the program is killed, as the API kills it when its client goes.
 */
final class ExecLines implements ExecListener {
  private record Step(String event, Runnable consumed, boolean last) {}

  private final int node;
  private final LongConsumer kill;
  private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
  private volatile long pid;

  /** @param kill kills the program by its PID on {@code node} */
  ExecLines(int node, LongConsumer kill) {
    this.node = node;
    this.kill = kill;
  }

  @Override
  public void onStarted(long startedPid) {
    pid = startedPid;
    steps.add(new Step(ExecEvents.started(startedPid, node), () -> { }, false));
  }

  @Override
  public void onOutput(Stream stream, byte[] data, Runnable consumed) {
    steps.add(new Step(ExecEvents.output(stream == Stream.STDERR, data), consumed, false));
  }

  @Override
  public void onExit(int code) {
    steps.add(new Step(ExecEvents.exit(code), () -> { }, true));
  }

  @Override
  public void onError(String message) {
    steps.add(new Step(ExecEvents.error(message), () -> { }, true));
  }

  /** Hands every event to {@code onEvent} until the program's exit or error. */
  void deliver(Consumer<String> onEvent) throws InterruptedException {
    try {
      for (Step step = steps.take(); ; step = steps.take()) {
        onEvent.accept(step.event());
        step.consumed().run();
        if (step.last()) {
          return;
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      if (pid > 0) {
        kill.accept(pid);
      }
      throw e;
    }
  }
}
