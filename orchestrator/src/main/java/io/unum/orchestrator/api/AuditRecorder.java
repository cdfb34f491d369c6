package io.unum.orchestrator.api;

import io.unum.orchestrator.access.Principal;
import io.unum.orchestrator.audit.AuditQueue;
import io.unum.orchestrator.audit.AuditRecord;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Records every write to the API, and every refused call of any method, in the audit log when
 * its answer ends: who (the gate's principal, or the user a sign-in proved; "anonymous" without
 * one), from where, the method, the path and the operation it matched, and the status. Only the
 * path: a body, a query string, a header or a cookie can hold a secret. A platform handler, like
 * {@link RequestMetricsHandler}, so that a request refused by the gate, the body limit or
 * validation is recorded too. The record goes to a queue: the event loop never waits for the cluster.
 */
final class AuditRecorder implements PlatformHandler {
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);
  private static final String JOB_LOCATION = "/api/v1/jobs/";

  private final OpenAPIContract contract;
  private final AuditQueue queue;
  private final String host;
  private final LongSupplier clock;
  private final AnonymousRate anonymous = new AnonymousRate();

  /** @param host this orchestrator's name, which every record carries */
  AuditRecorder(OpenAPIContract contract, AuditQueue queue, String host, LongSupplier clock) {
    this.contract = contract;
    this.queue = queue;
    this.host = host;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (!path.startsWith("/api/") && !path.equals("/metrics")) {
      ctx.next(); // the console's files
      return;
    }
    HttpMethod method = ctx.request().method();
    SocketAddress remote = ctx.request().remoteAddress();
    String from = remote == null ? null : remote.hostAddress();
    ctx.addEndHandler(ignored -> {
      // The status sent, even when the client left before the answer's end (an exec stream).
      int status = ctx.response().headWritten() || ctx.response().ended() ? ctx.response().getStatusCode() : 0;
      boolean write = WRITES.contains(method) && path.startsWith("/api/");
      if (!write && status != 401 && status != 403) {
        return;
      }
      Optional<Principal> who = AccessGate.caller(ctx);
      if (who.isEmpty() && !anonymous.admit(clock.getAsLong())) {
        return; // someone without a credential knocking fast: the log keeps a sample, not all
      }
      Operation operation = ApiContract.operation(contract, ctx);
      queue.offer(AuditRecord.of(clock.getAsLong(), host, who.map(Principal::user).orElse(AuditRecord.ANONYMOUS),
          who.map(p -> p.role().label()).orElse(null), who.map(Principal::via).orElse(null), from, method.name(),
          path, operation == null ? null : operation.getOperationId(), status, job(ctx)));
    });
    ctx.next();
  }

  /** The job a write started, from its answer's Location. */
  private static String job(RoutingContext ctx) {
    String location = ctx.response().headers().get("Location");
    if (location == null || !location.startsWith(JOB_LOCATION)) {
      return null;
    }
    return location.substring(JOB_LOCATION.length());
  }

  /**
   * At most {@link #PER_SECOND} records a second of calls without a valid credential: they cost
   * the caller nothing, and must not push the record of real changes out of the cluster's log.
   */
  static final class AnonymousRate {
    static final int PER_SECOND = 10;
    private long second;
    private int count;

    synchronized boolean admit(long nowMillis) {
      long now = nowMillis / 1000;
      if (now != second) {
        second = now;
        count = 0;
      }
      return ++count <= PER_SECOND;
    }
  }

}
