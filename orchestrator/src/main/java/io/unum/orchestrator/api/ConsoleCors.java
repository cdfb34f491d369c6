package io.unum.orchestrator.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Lets a console page served by one host of the cluster call this host's API: when the host it
 * came from dies, the page goes on with another. Only the cluster's own API addresses are
 * allowed as origins; any other page gets no CORS headers, so browsers keep it out.
 */
final class ConsoleCors implements Handler<RoutingContext> {
  private final Supplier<Collection<String>> apiAddresses;
  private volatile Set<String> origins = Set.of();

  /** @param apiAddresses every host's API address, HOST:PORT (read off the event loop, by {@link #refresh}) */
  ConsoleCors(Supplier<Collection<String>> apiAddresses) {
    this.apiAddresses = apiAddresses;
  }

  /** Reads the hosts' addresses again: hosts come and go. Blocking; not on the event loop. */
  void refresh() {
    origins = apiAddresses.get().stream().map(a -> "http://" + a).collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !origins.contains(origin)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    if (ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().getHeader("Access-Control-Request-Method") != null) {
      ctx.response().putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
          .putHeader("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key, Last-Event-ID")
          .putHeader("Access-Control-Max-Age", "600")
          .setStatusCode(204).end();
      return;
    }
    ctx.next();
  }
}
