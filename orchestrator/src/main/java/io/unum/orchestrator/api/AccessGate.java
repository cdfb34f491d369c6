package io.unum.orchestrator.api;

import io.unum.orchestrator.access.AccessService;
import io.unum.orchestrator.access.ForbiddenException;
import io.unum.orchestrator.access.NotAuthenticatedException;
import io.unum.orchestrator.access.Principal;
import io.unum.orchestrator.access.Role;
import io.unum.orchestrator.access.Secrets;
import io.unum.orchestrator.access.Session;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets a request through only with a credential whose role the operation names: every
 * operation of the contract lists the roles that may call it ({@code x-unum-roles}, each one
 * named: admin is not implied by viewer; {@code [anyone]} for the health probe and sign-in), and
 * the server refuses to start when one does not. A bearer
 * token or a session cookie proves who calls; a write made with the cookie must echo the
 * session's CSRF token, and the Host and Origin of a request must be the cluster's own.
 */
final class AccessGate implements Handler<RoutingContext> {
  static final String SESSION_COOKIE = "unum_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String PRINCIPAL = "unum.principal";
  private static final String ANYONE = "anyone";
  private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  private final OpenAPIContract contract;
  private final AccessService access;
  private final ApiServer api;
  private final RequestOrigins origins;
  /** operation id -> the roles that may call it; empty: anyone. */
  private final Map<String, Set<Role>> roles = new HashMap<>();

  AccessGate(OpenAPIContract contract, AccessService access, ApiServer api, RequestOrigins origins) {
    this.contract = contract;
    this.access = access;
    this.api = api;
    this.origins = origins;
    contract.getPaths().forEach(path -> path.getOperations().forEach(op -> roles.put(op.getOperationId(), rolesOf(op))));
  }

  /** The roles an operation names; fails (and the server with it) when it names none or an unknown one. */
  static Set<Role> rolesOf(Operation operation) {
    Object named = operation.getExtensions().get("x-unum-roles");
    if (!(named instanceof Iterable<?> list) || !list.iterator().hasNext()) {
      throw new IllegalStateException("operation " + operation.getOperationId()
          + " of the API contract names no roles (x-unum-roles)");
    }
    Set<Role> allowed = EnumSet.noneOf(Role.class);
    for (Object role : list) {
      if (ANYONE.equals(role)) {
        return Set.of();
      }
      allowed.add(Role.parse(String.valueOf(role)));
    }
    return allowed;
  }

  /** Who made the request, once the gate let it through. */
  static Principal principal(RoutingContext ctx) {
    return caller(ctx).orElseThrow(() -> new NotAuthenticatedException("this request carries no credential"));
  }

  /** Who the request acts as, if its credential proved anyone (the audit's "who"). */
  static Optional<Principal> caller(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(PRINCIPAL));
  }

  /**
   * Makes {@code principal} who the request acts as; null: no one. A sign-in acts as the user it
   * proves, whatever credential the request also carried.
   */
  static void actAs(RoutingContext ctx, Principal principal) {
    if (principal == null) {
      ctx.remove(PRINCIPAL);
    } else {
      ctx.put(PRINCIPAL, principal);
    }
  }

  /** The session cookie's value, if the request has one. */
  static Optional<String> sessionId(RoutingContext ctx) {
    return Optional.ofNullable(ctx.request().getCookie(SESSION_COOKIE)).map(Cookie::getValue);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (!path.startsWith("/api/") && !path.equals("/metrics")) {
      ctx.next(); // the console's static files
      return;
    }
    Optional<String> refused = origins.refusal(ctx.request().getHeader("Host"), ctx.request().getHeader("Origin"));
    if (refused.isPresent()) {
      api.problem(ctx, new ApiProblem(403, "Forbidden", refused.get()));
      return;
    }
    Operation operation = ApiContract.operation(contract, ctx);
    if (operation == null || ctx.request().method() == HttpMethod.OPTIONS) {
      ctx.next(); // no such route: the router answers 404 (or the CORS pre-flight)
      return;
    }
    Set<Role> allowed = roles.get(operation.getOperationId());
    String authorization = ctx.request().getHeader("Authorization");
    Optional<String> cookie = sessionId(ctx);
    HttpMethod method = ctx.request().method();
    String csrf = ctx.request().getHeader(CSRF_HEADER);
    if (authorization == null || !access.needsSharedRead(bearerToken(authorization))) {
      // This host's copies answer (the access list's, the replicated sessions): no waiting, and
      // no worker thread, which requests stuck on the control plane may all hold.
      Principal principal;
      try {
        principal = identify(authorization, cookie, method, csrf);
      } catch (RuntimeException e) {
        refused(ctx, allowed, e);
        return;
      }
      admit(ctx, operation, allowed, principal);
      return;
    }
    // A token this host has not seen yet (made a moment ago elsewhere): the shared list is read.
    api.vertx().executeBlocking(() -> identify(authorization, cookie, method, csrf), false).onComplete(done -> {
      if (done.failed()) {
        refused(ctx, allowed, done.cause());
      } else {
        admit(ctx, operation, allowed, done.result());
      }
    });
  }

  /** No credential proved anyone: an open operation goes on all the same. */
  private void refused(RoutingContext ctx, Set<Role> allowed, Throwable cause) {
    if (allowed.isEmpty()) {
      ctx.next();
    } else {
      fail(ctx, cause);
    }
  }

  private void admit(RoutingContext ctx, Operation operation, Set<Role> allowed, Principal principal) {
    ctx.put(PRINCIPAL, principal);
    // Exactly the roles named: a role does not imply the ones after it here, so an operation
    // can be for admins and viewers (the auditors) and not for operators.
    if (!allowed.isEmpty() && !allowed.contains(principal.role())) {
      fail(ctx, new ForbiddenException("role " + principal.role().label() + " may not "
          + operation.getOperationId() + "; it needs " + allowed.stream().map(Role::label)
          .collect(Collectors.joining(" or "))));
      return;
    }
    ctx.next();
  }

  private static String bearerToken(String authorization) {
    return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : "";
  }

  private void fail(RoutingContext ctx, Throwable cause) {
    ApiProblem problem = ProblemMapper.map(cause);
    if (problem.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"unum\"");
    }
    api.problem(ctx, problem);
  }

  /** Who the credential proves; a cookie write must carry the session's CSRF token. */
  private Principal identify(String authorization, Optional<String> cookie, HttpMethod method, String csrf) {
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new NotAuthenticatedException("the Authorization header must be 'Bearer TOKEN'");
      }
      return access.authenticateToken(bearerToken(authorization)).orElseThrow(() -> new NotAuthenticatedException(
          "the token is not valid (unknown, revoked or expired); make one with 'unum token create'"));
    }
    if (cookie.isPresent()) {
      Session session = access.session(cookie.get()).orElseThrow(() -> new NotAuthenticatedException(
          "the session has ended; sign in again"));
      if (WRITES.contains(method) && !Secrets.sameHash(session.csrfToken(), csrf)) {
        throw new ForbiddenException("a write with a session cookie must carry the session's CSRF token in "
            + CSRF_HEADER);
      }
      return session.principal();
    }
    throw new NotAuthenticatedException("this API needs a credential: 'Authorization: Bearer TOKEN' (root on a host"
        + " finds one in /etc/unum/admin-token; others ask an admin for 'unum token create'), or a console session");
  }
}
