package io.unum.orchestrator.api;

import io.unum.agent.protocol.Messages.Stream;
import io.unum.orchestrator.agentlink.ExecListener;
import io.unum.orchestrator.client.ExecEvents;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.LongConsumer;

/**
 * Streams one program's progress to an HTTP client as NDJSON events. Output is acknowledged to
 * the agent only once the response can take more, so a slow client slows the program instead
 * of filling memory. If the client goes away, the program is killed and its output dropped.
 */
final class ExecStream implements ExecListener {
  private final Context context;
  private final HttpServerResponse response;
  private final LongConsumer kill;
  private final int node;
  private volatile boolean clientGone;
  private volatile long pid;

  ExecStream(Context context, HttpServerResponse response, int node, LongConsumer kill) {
    this.node = node;
    this.context = context;
    this.response = response;
    this.kill = kill;
    response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
    response.closeHandler(v -> {
      if (!response.ended()) {
        clientGone = true;
        if (pid > 0) {
          kill.accept(pid);
        }
      }
    });
  }

  @Override
  public void onStarted(long startedPid) {
    this.pid = startedPid;
    emit(ExecEvents.started(startedPid, node), false);
  }

  @Override
  public void onOutput(Stream stream, byte[] data, Runnable consumed) {
    if (clientGone) {
      consumed.run();
      return;
    }
    String event = ExecEvents.output(stream == Stream.STDERR, data);
    context.runOnContext(v -> {
      if (clientGone || response.ended()) {
        consumed.run();
        return;
      }
      response.write(event + "\n");
      if (response.writeQueueFull()) {
        response.drainHandler(drained -> consumed.run());
      } else {
        consumed.run();
      }
    });
  }

  @Override
  public void onExit(int code) {
    emit(ExecEvents.exit(code), true);
  }

  @Override
  public void onError(String message) {
    emit(ExecEvents.error(message), true);
  }

  private void emit(String event, boolean last) {
    context.runOnContext(v -> {
      if (clientGone || response.ended()) {
        return;
      }
      if (last) {
        response.end(event + "\n");
      } else {
        response.write(event + "\n");
      }
    });
  }
}
