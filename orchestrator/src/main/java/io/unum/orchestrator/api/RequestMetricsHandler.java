package io.unum.orchestrator.api;

import io.unum.orchestrator.metrics.ApiMetrics;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.time.Duration;

/**
 * Times every request and records it when its answer ends, labelled with the operation id of
 * the contract that the path and method match. Installed as the router's first handler (a
 * platform handler, which Vert.x Web runs before the body handler, as it does its own logger),
 * so a request refused by validation, the body limit or no route at all is counted too.
 *
 * <p>A plain route handler rather than vertx-micrometer-metrics: that one is switched on for the
 * whole Vertx instance through VertxOptions, names its meters vertx_http_server_* (other names
 * take meter filters), and its route label is Vert.x's route path, not the contract's operation
 * id. Here the operation id is looked up in the contract itself when the request arrives, so a
 * request that validation refuses still carries it, and the raw path never becomes a label
 * (node numbers and typos would each make a series).
 */
final class RequestMetricsHandler implements PlatformHandler {
  private final OpenAPIContract contract;
  private final ApiMetrics metrics;

  RequestMetricsHandler(OpenAPIContract contract, ApiMetrics metrics) {
    this.contract = contract;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String operation = operation(ctx);
    String method = ctx.request().method().name();
    ctx.addEndHandler(ignored -> {
      // Whether the answer ended, not the callback's result: over HTTP/2 (h2c, which Java's
      // HttpClient asks for) Vert.x reports the stream's close first, as a failure, even after a
      // complete answer.
      String status = ctx.response().ended() ? Integer.toString(ctx.response().getStatusCode())
          : "closed"; // the client went away before the answer was complete (e.g. an exec stream)
      metrics.requestEnded(operation, method, status, Duration.ofNanos(System.nanoTime() - start));
    });
    ctx.next();
  }

  private String operation(RoutingContext ctx) {
    Operation operation = ApiContract.operation(contract, ctx);
    return operation == null ? ApiMetrics.UNMATCHED : operation.getOperationId();
  }
}
