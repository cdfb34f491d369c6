package io.unum.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.orchestrator.agentlink.ExecListener;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.Base64;
import java.util.function.LongConsumer;

/**
 * Streams one program's progress to an HTTP client as NDJSON events. Output is acknowledged to
 * the agent only once the response can take more, so a slow client slows the program instead
 * of filling memory. If the client goes away, the program is killed and its output dropped.
 */
final class ExecStream implements ExecListener {
  private final Context context;
  private final HttpServerResponse response;
  private final ObjectMapper json;
  private final LongConsumer kill;
  private final int node;
  private volatile boolean clientGone;
  private volatile long pid;

  ExecStream(Context context, HttpServerResponse response, ObjectMapper json, int node, LongConsumer kill) {
    this.node = node;
    this.context = context;
    this.response = response;
    this.json = json;
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
    emit(event("started").put("pid", startedPid).put("node", node), false);
  }

  @Override
  public void onOutput(Stream stream, byte[] data, Runnable consumed) {
    if (clientGone) {
      consumed.run();
      return;
    }
    ObjectNode event = event("output")
        .put("stream", stream == Stream.STDOUT ? "stdout" : "stderr")
        .put("data", Base64.getEncoder().encodeToString(data));
    context.runOnContext(v -> {
      if (clientGone || response.ended()) {
        consumed.run();
        return;
      }
      response.write(event.toString() + "\n");
      if (response.writeQueueFull()) {
        response.drainHandler(drained -> consumed.run());
      } else {
        consumed.run();
      }
    });
  }

  @Override
  public void onExit(int code) {
    emit(event("exit").put("code", code), true);
  }

  @Override
  public void onError(String message) {
    emit(event("error").put("message", message), true);
  }

  private ObjectNode event(String name) {
    return json.createObjectNode().put("event", name);
  }

  private void emit(ObjectNode event, boolean last) {
    context.runOnContext(v -> {
      if (clientGone || response.ended()) {
        return;
      }
      if (last) {
        response.end(event.toString() + "\n");
      } else {
        response.write(event.toString() + "\n");
      }
    });
  }
}
