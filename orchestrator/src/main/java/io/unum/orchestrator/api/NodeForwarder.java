package io.unum.orchestrator.api;

import io.unum.orchestrator.access.HostCredential;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.client.ApiTransport;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Serves node requests that only the node's own host can answer (exec and the process-level
 * calls: its agent link is there) by forwarding them to that host's API and streaming the answer
 * back, so every host answers for every node. A forwarded request is never forwarded again.
 */
final class NodeForwarder implements Handler<RoutingContext> {
  static final String FORWARDED_BY = "X-Unum-Forwarded-By";
  private static final long CONNECT_TIMEOUT_MILLIS = 5_000;

  private final ApiServer api;
  private final NodeService nodes;
  private final String self;
  /** The request was let in here; the other host is asked as this host, with its own credential. */
  private final HostCredential credential;
  private final HttpClient client;

  NodeForwarder(ApiServer api, NodeService nodes, String self, HostCredential credential) {
    this.credential = credential;
    this.api = api;
    this.nodes = nodes;
    this.self = self;
    this.client = api.vertx().createHttpClient();
  }

  @Override
  public void handle(RoutingContext ctx) {
    serve(ctx, NodeRoutes.node(ctx), ctx.request().uri(), ctx.body().buffer(), RoutingContext::next);
  }

  /**
   * Serves a request about {@code node}: with {@code local} when the node is this host's (or
   * the request was forwarded here already), else by sending {@code uri} and {@code body} with
   * the request's method to the node's host and relaying its answer.
   */
  void serve(RoutingContext ctx, int node, String uri, Buffer body, Handler<RoutingContext> local) {
    if (ctx.request().getHeader(FORWARDED_BY) != null) {
      local.handle(ctx);
      return;
    }
    api.vertx().executeBlocking(() -> nodes.servedElsewhere(node), false).onComplete(found -> {
      if (found.failed()) {
        api.problem(ctx, ProblemMapper.map(found.cause()));
      } else if (found.result().isEmpty()) {
        local.handle(ctx);
      } else {
        forward(ctx, found.result().get(), uri, body == null ? Buffer.buffer() : body);
      }
    });
  }

  private void forward(RoutingContext ctx, String address, String uri, Buffer body) {
    int colon = address.lastIndexOf(':');
    RequestOptions options = new RequestOptions()
        .setMethod(ctx.request().method())
        .setHost(address.substring(0, colon))
        .setPort(Integer.parseInt(address.substring(colon + 1)))
        .setURI(uri)
        .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .putHeader(FORWARDED_BY, self)
        .putHeader(HttpHeaders.AUTHORIZATION, ApiTransport.bearer(credential.token()));
    Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
        .ifPresent(type -> options.putHeader(HttpHeaders.CONTENT_TYPE, type));
    client.request(options)
        .compose(request -> request.send(body))
        .onSuccess(response -> relay(ctx, response))
        .onFailure(e -> api.problem(ctx, new ApiProblem(502, "Host unreachable",
            "the node's host at " + address + " did not answer: " + e.getMessage())));
  }

  private static void relay(RoutingContext ctx, HttpClientResponse response) {
    ctx.response().setStatusCode(response.statusCode());
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
    }
    String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, length);
    } else {
      ctx.response().setChunked(true);
    }
    // pipeTo applies back-pressure both ways: a slow client slows the node's output down.
    response.pipeTo(ctx.response());
  }

  void close() {
    client.close();
  }
}
