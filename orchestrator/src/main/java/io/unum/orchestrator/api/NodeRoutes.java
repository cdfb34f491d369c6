package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.unum.orchestrator.boot.NodeFilter;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.boot.NodeView;
import io.unum.orchestrator.cluster.NodeSpec;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Routes of the node and cluster resources. */
final class NodeRoutes {
  private static final int DEFAULT_CONSOLE_LINES = 50;

  private final ApiServer api;
  private final NodeService nodes;

  private final NodeForwarder forwarder;
  private final NodeExec exec;
  /** The node list is the API's largest answer (1,000 specs: ~300 KB) and is asked for often. */
  private final ReusedEncoding listing;

  NodeRoutes(ApiServer api, NodeService nodes, NodeForwarder forwarder, NodeExec exec) {
    this.api = api;
    this.nodes = nodes;
    this.forwarder = forwarder;
    this.exec = exec;
    this.listing = new ReusedEncoding(api.json());
  }

  /** Body of {@code POST /api/v1/cluster/up}. */
  record UpRequest(Integer nodes) {}

  /** Body of {@code POST /api/v1/nodes}; absent fields take the defaults. */
  record CreateRequest(Integer node, Integer cpus, Integer memoryMiB, String kernelArgs, Boolean start,
      String host, Map<String, String> labels) {}

  /** Body of {@code PATCH /api/v1/nodes/{node}}; absent fields stay as they are. */
  record UpdateRequest(Integer cpus, Integer memoryMiB, Map<String, String> labels) {}

  /** Body of {@code POST /api/v1/nodes/{node}/exec}. */
  record ExecRequest(List<String> argv) {}

  /** Attaches a handler to each node and cluster operation of the contract. */
  void register(RouterBuilder builder) {
    builder.getRoute("listNodes").addHandler(ctx -> {
      Map<String, RequestParameter> query = ApiServer.validated(ctx).getQuery();
      NodeFilter filter = new NodeFilter(text(query.get("state")), text(query.get("host")),
          NodeFilter.selector(text(query.get("label"))));
      int after = ApiServer.present(query.get("after")) ? query.get("after").getInteger() : 0;
      Integer limit = ApiServer.present(query.get("limit")) ? query.get("limit").getInteger() : null;
      String path = ctx.request().path();
      MultiMap params = ctx.queryParams();
      api.respond(ctx, () -> {
        List<NodeView> matching = nodes.list(filter);
        // Unpaged, the very list the service gave: while nothing changed, its encoding is reused at a glance.
        List<NodeView> rest = after == 0 ? matching : matching.stream().filter(node -> node.node() > after).toList();
        if (limit == null || rest.size() <= limit) {
          return new ApiServer.Reply(200, Map.of(), listing.encode(rest));
        }
        List<NodeView> page = rest.subList(0, limit);
        String next = nextPage(path, params, page.get(page.size() - 1).node());
        return new ApiServer.Reply(200, Map.of("Link", "<" + next + ">; rel=\"next\""), listing.encode(page));
      });
    });
    builder.getRoute("createNode").addHandler(ctx -> {
      CreateRequest body = api.body(ctx, CreateRequest.class);
      api.respond(ctx, () -> {
        NodeView node = body.node() != null ? nodes.create(toSpec(body, body.node()))
            : nodes.create(number -> toSpec(body, number));
        return new ApiServer.Reply(201, Map.of("Location", "/api/v1/nodes/" + node.node()), node);
      });
    });
    builder.getRoute("updateNode").addHandler(ctx -> {
      UpdateRequest body = api.body(ctx, UpdateRequest.class);
      int node = node(ctx);
      api.reply(ctx, 200, () -> nodes.update(node, body.cpus(), body.memoryMiB(), body.labels()));
    });
    builder.getRoute("getNode").addHandler(ctx -> api.reply(ctx, 200, () -> nodes.get(node(ctx))));
    builder.getRoute("deleteNode").addHandler(ctx -> {
      int node = node(ctx);
      api.reply(ctx, 200, () -> {
        nodes.delete(node);
        return Map.of("removed", node);
      });
    });
    // The console is a file on the shared folder: any host reads it, even with the node's host down.
    builder.getRoute("getConsole").addHandler(ctx -> {
      int node = node(ctx);
      RequestParameter lines = ApiServer.validated(ctx).getQuery().get("lines");
      int count = !ApiServer.present(lines) ? DEFAULT_CONSOLE_LINES : lines.getInteger();
      api.reply(ctx, 200, () -> Map.of("node", node, "lines", nodes.console(node, count)));
    });
    builder.getRoute("execNode").addHandler(forwarder)
        .addHandler(ctx -> exec.start(ctx, node(ctx), api.body(ctx, ExecRequest.class).argv()));
    builder.getRoute("clusterUp").addHandler(ctx -> {
      UpRequest body = api.body(ctx, UpRequest.class);
      api.reply(ctx, 200, () -> nodes.up(body.nodes()));
    });
    builder.getRoute("clusterDown").addHandler(ctx -> api.reply(ctx, 200, () -> Map.of("removed", nodes.down())));
  }

  private static NodeSpec toSpec(CreateRequest body, int number) {
    return new NodeSpec(number,
        body.cpus() == null ? NodeSpec.DEFAULT_CPUS : body.cpus(),
        body.memoryMiB() == null ? NodeSpec.DEFAULT_MEMORY_MIB : body.memoryMiB(),
        body.kernelArgs(), body.start() == null || body.start()).pinnedTo(body.host())
        .withLabels(body.labels());
  }

  /** The listing's address with the same query, {@code after} set to {@code last}. */
  static String nextPage(String path, MultiMap params, int last) {
    StringBuilder uri = new StringBuilder(path).append("?after=").append(last);
    params.forEach((name, value) -> {
      if (!name.equals("after")) {
        uri.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return uri.toString();
  }

  private static String text(RequestParameter parameter) {
    return ApiServer.present(parameter) ? parameter.getString() : null;
  }

  /** The node number of the path, checked against the contract (1..4095; the cluster may allow fewer). */
  static int node(RoutingContext ctx) {
    return ApiServer.validated(ctx).getPathParameters().get("node").getInteger();
  }
}
