package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.unum.orchestrator.services.LogLine;
import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.services.ServiceLogs;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.List;

/**
 * {@code GET /api/v1/services/{service}/logs}: the service's log as NDJSON, from its last
 * {@code tail} lines; with {@code follow}, new lines as they come. Like the event stream, a slow
 * client holds back only its own reader.
 */
final class ServiceLogStream implements Handler<RoutingContext> {
  private static final int DEFAULT_TAIL = 100;
  private static final int BATCH = 256;

  private final ApiServer api;
  private final ServiceAdmin services;

  ServiceLogStream(ApiServer api, ServiceAdmin services) {
    this.api = api;
    this.services = services;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ValidatedRequest request = ApiServer.validated(ctx);
    String name = ServiceRoutes.name(ctx);
    RequestParameter tail = request.getQuery().get("tail");
    RequestParameter follow = request.getQuery().get("follow");
    RequestParameter node = request.getQuery().get("node");
    int lines = ApiServer.present(tail) ? tail.getInteger() : DEFAULT_TAIL;
    boolean following = ApiServer.present(follow) && follow.getBoolean();
    Integer onlyNode = ApiServer.present(node) ? node.getInteger() : null;
    Context context = ctx.vertx().getOrCreateContext();
    ctx.vertx().executeBlocking(() -> {
      ServiceLogs logs = services.logs(name);
      long end = logs.next(name);
      return new Connection(context, ctx.response(), logs, name, onlyNode, following, end,
          Math.max(end - lines, logs.oldest(name)));
    }, false).onSuccess(Connection::start).onFailure(e -> api.problem(ctx, ProblemMapper.map(e)));
  }

  /** One client's stream; its methods run on the request's event loop. */
  private final class Connection {
    private final Context context;
    private final HttpServerResponse response;
    private final ServiceLogs logs;
    private final String service;
    private final Integer node;
    private final boolean follow;
    private final long end;
    private final long from;
    private boolean closed;

    Connection(Context context, HttpServerResponse response, ServiceLogs logs, String service, Integer node,
        boolean follow, long end, long from) {
      this.context = context;
      this.response = response;
      this.logs = logs;
      this.service = service;
      this.node = node;
      this.follow = follow;
      this.end = end;
      this.from = from;
    }

    void start() {
      response.setChunked(true).putHeader("Content-Type", "application/x-ndjson")
          .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
      response.closeHandler(v -> closed = true);
      read(from);
    }

    private void read(long next) {
      if (closed) {
        return;
      }
      if (!follow && next >= end) {
        response.end();
        return;
      }
      logs.read(service, next, BATCH, follow).whenComplete((batch, error) -> context.runOnContext(v -> {
        if (closed) {
          return;
        }
        if (error != null) {
          response.reset(); // the control plane went away: the client asks again (another host)
          return;
        }
        long after = write(next, batch);
        if (!follow && batch.isEmpty()) {
          response.end();
        } else if (response.writeQueueFull()) {
          response.drainHandler(drained -> read(after));
        } else {
          read(after);
        }
      }));
    }

    private long write(long next, List<LogLine> batch) {
      StringBuilder out = new StringBuilder();
      long after = next;
      for (LogLine line : batch) {
        after = line.seq() + 1;
        if ((follow || line.seq() < end) && (node == null || line.node() == node)) {
          try {
            out.append(api.json().writeValueAsString(line)).append('\n');
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("log line not serializable", e);
          }
        }
      }
      if (!out.isEmpty()) {
        response.write(out.toString());
      }
      return after;
    }
  }
}
