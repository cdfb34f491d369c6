package io.unum.orchestrator.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/** The API's OpenAPI document ({@code openapi.yaml} on the classpath): the source of truth. */
public final class ApiContract {
  static final String RESOURCE = "/openapi.yaml";
  private static final String OPERATION = "unum.operation";

  private ApiContract() {}

  /**
   * The document as vertx-openapi 5.0 accepts it: it validates requests only, yet refuses
   * response media types it could not validate (problem+json, NDJSON, SSE, Prometheus text). Those
   * are renamed to their generic kin ({@link #validatorMediaType}) in a copy; the served
   * document keeps the true ones. The copy has no security requirements either: {@link AccessGate}
   * enforces them (Vert.x's router would want an AuthenticationHandler of its own per scheme).
   */
  static JsonObject forValidator(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("security");
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        Object operation = item.getValue(method);
        if (operation instanceof JsonObject op) {
          op.remove("security");
        }
        if (operation instanceof JsonObject op && op.containsKey("responses")) {
          for (String status : op.getJsonObject("responses").fieldNames()) {
            Object response = op.getJsonObject("responses").getValue(status);
            if (response instanceof JsonObject r && r.getJsonObject("content") != null) {
              r.put("content", genericContent(r.getJsonObject("content")));
            }
          }
        }
      }
    }
    JsonObject shared = copy.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (shared != null) {
      for (String name : shared.fieldNames()) {
        JsonObject r = shared.getJsonObject(name);
        if (r.getJsonObject("content") != null) {
          r.put("content", genericContent(r.getJsonObject("content")));
        }
      }
    }
    return copy;
  }

  private static JsonObject genericContent(JsonObject content) {
    JsonObject generic = new JsonObject();
    for (String type : content.fieldNames()) {
      generic.put(validatorMediaType(type), content.getValue(type));
    }
    return generic;
  }

  /**
   * The media type under which {@link #load}'s contract knows a response of {@code type}: the
   * generic kin of one vertx-openapi cannot validate, else {@code type} itself. A check of a
   * served response against the contract looks its Content-Type up through this.
   */
  public static String validatorMediaType(String type) {
    if (type.endsWith("+json")) {
      return "application/json";
    }
    if (type.equals("application/x-ndjson")) {
      return "application/octet-stream";
    }
    if (type.equals("text/event-stream")) {
      return "text/plain";
    }
    // Its validator knows text/plain with no parameter but charset; Prometheus adds version=.
    return type.startsWith("text/plain;") ? "text/plain" : type;
  }

  /**
   * The operation of {@code contract} that a request's method and path match; null when none does.
   * Looked up once per request: the metrics, the access gate and the audit each ask.
   */
  static Operation operation(OpenAPIContract contract, RoutingContext ctx) {
    Optional<Operation> found = ctx.get(OPERATION);
    if (found == null) {
      // The path as the router matches it: normalized (no "//" or ".."), a trailing slash ignored.
      String path = ctx.normalizedPath();
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      found = Optional.ofNullable(contract.findOperation(path, ctx.request().method()));
      ctx.put(OPERATION, found);
    }
    return found.orElse(null);
  }

  /** The document as JSON, as {@code GET /api/v1/openapi.json} serves it. */
  public static JsonObject document() {
    try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the API contract " + RESOURCE + " is missing from the jar");
      }
      Map<String, Object> yaml = new Yaml().load(in);
      return new JsonObject(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API contract " + RESOURCE, e);
    }
  }

  /** The parsed, checked contract; fails naming what is wrong with the document. */
  public static OpenAPIContract load(Vertx vertx, JsonObject document) {
    try {
      return OpenAPIContract.from(vertx, forValidator(document)).toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading the API contract", e);
    } catch (Exception e) {
      throw new IllegalStateException("the API contract " + RESOURCE + " is invalid: "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
  }
}
