package io.unum.orchestrator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.access.AccessService;
import io.unum.orchestrator.access.HostCredential;
import io.unum.orchestrator.audit.AuditLog;
import io.unum.orchestrator.audit.AuditQuery;
import io.unum.orchestrator.audit.AuditQueue;
import io.unum.orchestrator.audit.AuditReader;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.HostView;
import io.unum.orchestrator.cluster.StatusService;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.jobs.HostDrain;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.loadlevel.BalancerAdmin;
import io.unum.orchestrator.loadlevel.BalancerChange;
import io.unum.orchestrator.loadlevel.MigrationTargets;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.contract.OpenAPIContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** The REST API under {@code /api/v1} and {@code /metrics}: routes, JSON, and the one error mapping. */
public final class ApiServer implements AutoCloseable {
  static final long MAX_BODY_BYTES = 64 * 1024;
  /** Where the web-console jar and the WebJars keep their files, on the class path. */
  private static final String CONSOLE_ROOT = "META-INF/resources/console";
  private static final String WEBJARS_ROOT = "META-INF/resources/webjars";

  private final ApiFoundation foundation;
  private final Vertx vertx;
  private final ObjectMapper json = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private final NodeService nodes;
  private final HostService hosts;
  private final ProcessService processes;
  private final ServiceAdmin services;
  private final BalancerAdmin balancer;
  private final MigrationTargets migrationTargets;
  private final HostDrain drain;
  private final StatusService status;
  private final JobService jobs;
  private final EventLog events;
  private final NodeForwarder forwarder;
  private final Metrics metrics;
  private final ReportShelf benchReports;
  private final AccessService access;
  private final AuditQueue audit;
  private final AuditReader auditReader;
  private final String hostName;
  private HttpServer server;

  /**
   * @param foundation the Vert.x and the contract to serve with; closed with this server
   * @param audit    where every write (and every refusal) is recorded, and what {@code GET /audit} reads
   * @param hostName this host's name, which forwarded requests and audit records carry
   * @param metrics  where requests are recorded, and what {@code GET /metrics} serves
   */
  public ApiServer(ApiFoundation foundation, NodeService nodes, HostService hosts, ProcessService processes, ServiceAdmin services,
      BalancerAdmin balancer, MigrationTargets migrationTargets, HostDrain drain, StatusService status, JobService jobs, EventLog events,
      AuditLog audit, AccessService access, HostCredential credential, String hostName, Metrics metrics,
      ReportShelf benchReports) {
    this.foundation = foundation;
    this.vertx = foundation.vertx();
    this.benchReports = benchReports;
    this.audit = new AuditQueue(audit);
    this.auditReader = new AuditReader(audit);
    this.hostName = hostName;
    this.access = access;
    this.migrationTargets = migrationTargets;
    this.drain = drain;
    this.processes = processes;
    this.services = services;
    this.balancer = balancer;
    this.nodes = nodes;
    this.hosts = hosts;
    this.status = status;
    this.jobs = jobs;
    this.events = events;
    this.metrics = metrics;
    this.forwarder = new NodeForwarder(this, nodes, hostName, credential);
  }

  /**
   * Listens on {@code host:port}; fails with a message naming the address when it cannot. The
   * routes and their request validation come from the OpenAPI contract: a handler is attached to
   * each operation id, so code and document cannot drift apart.
   */
  public void start(String host, int port) {
    JsonObject document = foundation.document();
    OpenAPIContract contract = foundation.contract();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    // First, so that every request is timed, even one the body limit or validation refuses.
    builder.rootHandler(new RequestMetricsHandler(contract, metrics.api()));
    // Before the gate and the body limit too, so that what they refuse is recorded.
    builder.rootHandler(new AuditRecorder(contract, audit, hostName, System::currentTimeMillis));
    builder.rootHandler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    RequestOrigins origins = new RequestOrigins(() -> hosts.hosts().stream().map(HostView::name).toList(),
        () -> hosts.hosts().stream().map(HostView::apiAddress).toList());
    builder.rootHandler(new AccessGate(contract, access, this, origins));
    String served = document.encode();
    builder.getRoute("getOpenApi").addHandler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json").end(served));
    builder.getRoute("getStatus").addHandler(ctx -> reply(ctx, 200, status::report));
    builder.getRoute("getCluster").addHandler(ctx -> reply(ctx, 200, status::cluster));
    builder.getRoute("listHosts").addHandler(ctx -> reply(ctx, 200, hosts::hosts));
    builder.getRoute("getHost").addHandler(ctx -> {
      String name = validated(ctx).getPathParameters().get("host").getString();
      reply(ctx, 200, () -> hosts.host(name));
    });
    builder.getRoute("setHostMaintenance").addHandler(ctx -> {
      String name = validated(ctx).getPathParameters().get("host").getString();
      JsonObject body = validated(ctx).getBody().getJsonObject();
      reply(ctx, 200, () -> hosts.maintenance(name, body.getBoolean("enabled"), body.getString("reason")));
    });
    builder.getRoute("drainHost").addHandler(ctx -> {
      String name = validated(ctx).getPathParameters().get("host").getString();
      reply(ctx, 202, () -> drain.drain(name));
    });
    builder.getRoute("getBalancer").addHandler(ctx -> reply(ctx, 200, balancer::status));
    builder.getRoute("getLatestBenchReport").addHandler(ctx -> respond(ctx,
        () -> new Reply(200, Map.of(), benchReports.latest().getBytes(StandardCharsets.UTF_8))));
    builder.getRoute("updateBalancer").addHandler(ctx -> {
      BalancerChange change = body(ctx, BalancerChange.class);
      reply(ctx, 200, () -> balancer.update(change));
    });
    builder.getRoute("getMetrics").addHandler(this::scrape);
    builder.getRoute("listAudit").addHandler(ctx -> {
      ValidatedRequest request = validated(ctx);
      RequestParameter since = request.getQuery().get("since");
      RequestParameter limit = request.getQuery().get("limit");
      RequestParameter user = request.getQuery().get("user");
      RequestParameter outcome = request.getQuery().get("outcome");
      AuditQuery query = AuditQuery.of(present(since) ? since.getLong() : null,
          present(limit) ? limit.getInteger() : null, present(user) ? user.getString() : null,
          present(outcome) ? outcome.getString() : null);
      reply(ctx, 200, () -> auditReader.page(query));
    });
    NodeExec exec = new NodeExec(this, nodes);
    new NodeRoutes(this, nodes, forwarder, exec).register(builder);
    new ProcessRoutes(this, processes, forwarder, exec).register(builder);
    new JobRoutes(this, jobs, migrationTargets, () -> balancer.status().settings().tuning()).register(builder);
    new ServiceRoutes(this, services).register(builder);
    new AccessRoutes(this, access).register(builder);
    builder.getRoute("streamEvents").addHandler(new EventStream(events, json));
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.getHandlers().isEmpty()) {
        // A request to it would be validated and then never answered.
        throw new IllegalStateException("operation " + route.getOperation().getOperationId()
            + " of the API contract has no handler");
      }
    }
    Router router = builder.createRouter();
    ConsoleCors cors = new ConsoleCors(origins::apiOrigins);
    vertx.setPeriodic(0, 5000, id -> vertx.executeBlocking(() -> {
      origins.refresh();
      return null;
    }, false));
    router.route("/api/*").order(-1).handler(cors);
    // The web console (module web-console): its page, its modules and the WebJars they import.
    router.get("/").handler(ctx -> ctx.reroute("/console/index.html"));
    // UTF-8 said outright: the default is the JVM's charset, ASCII on a host without a locale.
    router.get("/console/*").handler(StaticHandler.create(CONSOLE_ROOT).setDefaultContentEncoding("UTF-8"));
    router.get("/webjars/*").handler(StaticHandler.create(WEBJARS_ROOT).setDefaultContentEncoding("UTF-8")
        .setMaxAgeSeconds(86_400));
    router.route("/api/*").last().handler(ctx -> problem(ctx, new ApiProblem(404, "Not found",
        "no route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(ctx -> problem(ctx, ctx.failure() != null
        ? ProblemMapper.map(ctx.failure())
        : new ApiProblem(ctx.statusCode(), "Request failed", "HTTP " + ctx.statusCode())));
    try {
      server = vertx.createHttpServer().requestHandler(router).listen(port, host)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
          + " (is another orchestrator running? see 'unum status')", e);
    }
  }

  /** The port the server listens on: the one asked for, or the one chosen for port 0. */
  public int port() {
    return server.actualPort();
  }

  /** Serves the metrics; the scrape reads the cluster's maps, so it runs off the event loop. */
  private void scrape(RoutingContext ctx) {
    vertx.executeBlocking(metrics::scrape, false).onComplete(done -> {
      if (done.failed()) {
        problem(ctx, ProblemMapper.map(done.cause()));
        return;
      }
      ctx.response().putHeader("Content-Type", Metrics.CONTENT_TYPE).end(done.result());
    });
  }

  ObjectMapper json() {
    return json;
  }

  Vertx vertx() {
    return vertx;
  }

  /** An answer: status, extra headers, and a body written as JSON (bytes: already JSON). */
  record Reply(int status, Map<String, String> headers, Object body) {}

  /**
   * @param tag   the answer's entity tag: a successful read's, else null
   * @param coding the answer's content coding: "gzip", or null for none
   * @param varies whether another Accept-Encoding would have had another answer
   */
  private record Encoded(Reply reply, Buffer body, String tag, String coding, boolean varies) {}

  /** Answers at once with {@code body} as JSON: for what needs no blocking read. */
  void replyNow(RoutingContext ctx, int status, Object body) {
    try {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      problem(ctx, ProblemMapper.map(e));
    }
  }

  /** Runs {@code work} off the event loop and answers with its result as JSON. */
  <T> void reply(RoutingContext ctx, int status, Callable<T> work) {
    respond(ctx, () -> new Reply(status, Map.of(), work.call()));
  }

  /**
   * Runs {@code work} off the event loop and answers with the reply it makes: gzipped when the
   * client accepts it and the answer is large (an {@link EncodedJson} keeps its gzip form).
   */
  void respond(RoutingContext ctx, Callable<Reply> work) {
    // Encoded off the event loop too: a large listing must not hold up other requests.
    boolean read = HttpMethod.GET.equals(ctx.request().method());
    boolean gzipAccepted = ContentCoding.acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
    Future<Encoded> result = vertx.executeBlocking(() -> {
      Reply reply = work.call();
      EncodedJson body = reply.body() instanceof EncodedJson encoded ? encoded
          : new EncodedJson(reply.body() instanceof byte[] bytes ? bytes : json.writeValueAsBytes(reply.body()));
      boolean gzip = gzipAccepted && body.compressible();
      String tag = read && reply.status() == 200 ? body.tag() : null;
      return new Encoded(reply, Buffer.buffer(gzip ? body.gzip() : body.json()),
          gzip && tag != null ? EntityTag.gzipped(tag) : tag, gzip ? "gzip" : null, body.compressible());
    }, false);
    result.onComplete(done -> {
      if (done.failed()) {
        problem(ctx, ProblemMapper.map(done.cause()));
        return;
      }
      Reply reply = done.result().reply();
      reply.headers().forEach(ctx.response()::putHeader);
      if (done.result().varies()) {
        ctx.response().putHeader("Vary", "Accept-Encoding");
      }
      if (done.result().tag() != null) {
        // Readers revalidate each time; one that has this answer already gets 304 and no body.
        ctx.response().putHeader("ETag", done.result().tag()).putHeader("Cache-Control", "no-cache");
        if (EntityTag.matches(ctx.request().getHeader("If-None-Match"), done.result().tag())) {
          ctx.response().setStatusCode(304).end();
          return;
        }
      }
      if (done.result().coding() != null) {
        ctx.response().putHeader("Content-Encoding", done.result().coding());
      }
      ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json")
          .end(done.result().body());
    });
  }

  /**
   * The body as {@code type}. The contract has already refused a missing body, unknown fields
   * and wrong types (see openapi.yaml); this only maps what passed onto the record.
   */
  <T> T body(RoutingContext ctx, Class<T> type) {
    try {
      return json.readValue(ctx.body().asString(), type);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest("body is not valid JSON for this request: " + e.getOriginalMessage());
    }
  }

  /** The request as the contract validated it. */
  static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  /** Whether an optional parameter was given. */
  static boolean present(RequestParameter parameter) {
    return parameter != null && !parameter.isNull();
  }

  void problem(RoutingContext ctx, ApiProblem problem) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", ProblemMapper.CONTENT_TYPE)
        .end(ProblemMapper.body(json, problem, ctx.request().path()));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    forwarder.close();
    foundation.close();
    audit.close(); // after the server: the last answers' records are queued by then
  }
}
