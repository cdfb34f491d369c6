package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/events}: the cluster's event log as Server-Sent Events. Each connection
 * reads the log from where the client asked (Last-Event-ID, {@code since}) or from now, and
 * waits for the next events; a slow client holds its reader back instead of filling memory.
 */
final class EventStream implements Handler<RoutingContext> {
  private static final long KEEPALIVE_MILLIS = 15_000;
  private static final int BATCH = 256;

  private final EventLog events;
  private final ObjectMapper json;

  EventStream(EventLog events, ObjectMapper json) {
    this.events = events;
    this.json = json;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ValidatedRequest request = ApiServer.validated(ctx);
    RequestParameter lastId = request.getHeaders().get("Last-Event-ID");
    RequestParameter since = request.getQuery().get("since");
    RequestParameter types = request.getQuery().get("types");
    Long asked = ApiServer.present(lastId) ? Long.valueOf(Long.parseLong(lastId.getString()) + 1)
        : ApiServer.present(since) ? Long.valueOf(since.getLong()) : null;
    List<String> wanted = ApiServer.present(types) ? Arrays.asList(types.getString().split(",")) : List.of();
    Context context = ctx.vertx().getOrCreateContext();
    // Where the log ends is a call to the control plane: not on the event loop.
    ctx.vertx().executeBlocking(() -> {
      long next = events.nextId();
      return asked == null ? next : Math.min(asked, next);
    }, false).onSuccess(from -> new Connection(context, ctx.response(), wanted).start(from))
        .onFailure(ctx::fail);
  }

  /** One client's stream. All its methods run on the request's event loop. */
  private final class Connection {
    private final Context context;
    private final HttpServerResponse response;
    private final List<String> types;
    private boolean closed;

    Connection(Context context, HttpServerResponse response, List<String> types) {
      this.context = context;
      this.response = response;
      this.types = types;
    }

    void start(long from) {
      response.setChunked(true)
          .putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no");
      // Sent at once, so the client knows the stream is open before the first change.
      response.write(": unum events from " + from + "\n\n");
      long keepalive = context.owner().setPeriodic(KEEPALIVE_MILLIS, id -> response.write(": keepalive\n\n"));
      response.closeHandler(v -> {
        closed = true;
        context.owner().cancelTimer(keepalive);
      });
      read(from);
    }

    private void read(long from) {
      if (closed) {
        return;
      }
      events.read(from, BATCH).whenComplete((batch, error) -> context.runOnContext(v -> {
        if (closed) {
          return;
        }
        if (error != null) {
          // The control plane went away under us: the client reconnects (to another host).
          response.reset();
          return;
        }
        long next = deliver(from, batch);
        if (response.writeQueueFull()) {
          response.drainHandler(drained -> read(next));
        } else {
          read(next);
        }
      }));
    }

    private long deliver(long from, List<Event> batch) {
      StringBuilder out = new StringBuilder();
      if (!batch.isEmpty() && batch.get(0).id() > from) {
        out.append("event: gap\ndata: ").append(encode(Map.of("missedFrom", from,
            "resumedAt", batch.get(0).id()))).append("\n\n");
      }
      long next = from;
      for (Event event : batch) {
        next = event.id() + 1;
        if (wanted(event.type())) {
          out.append("id: ").append(event.id()).append("\nevent: ").append(event.type())
              .append("\ndata: ").append(encode(event)).append("\n\n");
        }
      }
      if (!out.isEmpty()) {
        response.write(out.toString());
      }
      return next;
    }

    private boolean wanted(String type) {
      return types.isEmpty() || types.stream().anyMatch(t -> type.equals(t) || type.startsWith(t + "."));
    }
  }

  private String encode(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event not serializable: " + e.getMessage(), e);
    }
  }
}
