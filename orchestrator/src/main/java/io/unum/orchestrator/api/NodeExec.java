package io.unum.orchestrator.api;

import io.unum.orchestrator.boot.NodeService;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Starts a program on a node of this host and streams its events to the response. */
final class NodeExec {
  private static final int SIGKILL = 9;

  private final ApiServer api;
  private final NodeService nodes;

  NodeExec(ApiServer api, NodeService nodes) {
    this.api = api;
    this.nodes = nodes;
  }

  void start(RoutingContext ctx, int node, List<String> argv) {
    // Built here, on the request's event loop: it sets up the response's headers and handlers.
    ExecStream stream = new ExecStream(api.vertx().getOrCreateContext(), ctx.response(), node,
        pid -> api.vertx().executeBlocking(() -> {
          nodes.signal(node, pid, SIGKILL);
          return null;
        }));
    api.vertx().executeBlocking(() -> {
      nodes.exec(node, argv, stream);
      return null;
    }, false).onFailure(e -> api.problem(ctx, ProblemMapper.map(e)));
  }
}
