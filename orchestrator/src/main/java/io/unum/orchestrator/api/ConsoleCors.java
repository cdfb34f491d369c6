package io.unum.orchestrator.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Lets a console page served by one host of the cluster call this host's API: when the host it
 * came from dies, the page goes on with another. Only the cluster's own API addresses are
 * allowed as origins; any other page gets no CORS headers, so browsers keep it out.
 */
final class ConsoleCors implements Handler<RoutingContext> {
  private final Supplier<Set<String>> origins;

  /** @param origins every host's API as a browser origin, http://HOST:PORT (never blocks) */
  ConsoleCors(Supplier<Set<String>> origins) {
    this.origins = origins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !origins.get().contains(origin)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    if (ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader("Access-Control-Request-Method") != null) {
      ctx.response().putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
          .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, Last-Event-ID, " + AccessGate.CSRF_HEADER)
          .putHeader("Access-Control-Max-Age", "600")
          .setStatusCode(204).end();
      return;
    }
    ctx.next();
  }
}
