package io.unum.orchestrator.api;

import io.unum.agent.protocol.Messages.Sender;
import io.unum.orchestrator.processes.ProcessService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import java.util.List;
import java.util.Map;

/** Routes of the cluster's processes: the table, signals, and runs placed by load. */
final class ProcessRoutes {
  private final ApiServer api;
  private final ProcessService processes;
  private final NodeForwarder forwarder;
  private final NodeExec exec;

  ProcessRoutes(ApiServer api, ProcessService processes, NodeForwarder forwarder, NodeExec exec) {
    this.api = api;
    this.processes = processes;
    this.forwarder = forwarder;
    this.exec = exec;
  }

  /** Body of {@code POST /api/v1/processes}. */
  record RunRequest(List<String> argv, Integer node) {}

  /** Body of {@code POST /api/v1/processes/{cpid}/signal}; without uid, no permission check. */
  record SignalRequest(int signal, Long uid, Long euid, Boolean capKill) {
    Sender sender() {
      return uid == null ? null : new Sender(uid, euid == null ? uid : euid, capKill != null && capKill);
    }
  }

  void register(RouterBuilder builder) {
    builder.getRoute("listProcesses").addHandler(ctx -> {
      RequestParameter node = ApiServer.validated(ctx).getQuery().get("node");
      RequestParameter kernel = ApiServer.validated(ctx).getQuery().get("kernel");
      api.reply(ctx, 200, () -> processes.list(ApiServer.present(node) ? node.getInteger() : null,
          ApiServer.present(kernel) && kernel.getBoolean()));
    });
    builder.getRoute("signalProcess").addHandler(this::signal);
    builder.getRoute("runProcess").addHandler(this::run);
  }

  /** Signals are delivered by the target node's host: forwarded there unless it is this one. */
  private void signal(RoutingContext ctx) {
    long cpid = ApiServer.validated(ctx).getPathParameters().get("cpid").getLong();
    SignalRequest body = api.body(ctx, SignalRequest.class);
    api.vertx().executeBlocking(() -> processes.requireNodeOf(cpid), false).onComplete(found -> {
      if (found.failed()) {
        api.problem(ctx, ProblemMapper.map(found.cause()));
        return;
      }
      int node = found.result();
      forwarder.serve(ctx, node, ctx.request().uri(), ctx.body().buffer(), local -> api.reply(local, 200, () -> {
        processes.signal(cpid, body.signal(), body.sender());
        return Map.of("cpid", cpid, "node", node, "signal", body.signal());
      }));
    });
  }

  /** Places the program (unless a node is named) and runs it as {@code POST /nodes/{n}/exec} would. */
  private void run(RoutingContext ctx) {
    RunRequest body = api.body(ctx, RunRequest.class);
    api.vertx().executeBlocking(() -> body.node() != null ? body.node() : processes.place(), false)
        .onComplete(placed -> {
          if (placed.failed()) {
            api.problem(ctx, ProblemMapper.map(placed.cause()));
            return;
          }
          int node = placed.result();
          Buffer execBody = Buffer.buffer(api.json().createObjectNode()
              .set("argv", api.json().valueToTree(body.argv())).toString());
          forwarder.serve(ctx, node, "/api/v1/nodes/" + node + "/exec", execBody,
              local -> exec.start(local, node, body.argv()));
        });
  }
}
