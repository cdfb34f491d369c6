package io.unum.orchestrator.api;

import io.unum.orchestrator.access.AccessService;
import io.unum.orchestrator.access.Principal;
import io.unum.orchestrator.access.Session;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Handlers of the health probe, sign-in sessions, API tokens and users. */
final class AccessRoutes {
  private final ApiServer api;
  private final AccessService access;

  AccessRoutes(ApiServer api, AccessService access) {
    this.api = api;
    this.access = access;
  }

  /** Body of {@code POST /api/v1/session}: a user's password, or a token. */
  record SignIn(String user, String password, String token) {}

  /** Who a credential proves; the CSRF token and expiry only for a browser session. */
  record SessionView(String user, String role, String via, String expiresAt, String csrfToken) {}

  /** Body of {@code POST /api/v1/tokens}. */
  record TokenRequest(String name, String role, String expiresIn, String user) {}

  /** Body of {@code POST /api/v1/users}. */
  record UserRequest(String name, String role, String password) {}

  /** Body of {@code PUT /api/v1/users/{name}/password}. */
  record PasswordRequest(String password) {}

  void register(RouterBuilder builder) {
    builder.getRoute("getHealth").addHandler(ctx -> api.replyNow(ctx, 200, Map.of("status", "ok")));
    builder.getRoute("createSession").addHandler(ctx -> {
      // Audited as the user it proves, or as no one: never as a credential the request also carried.
      AccessGate.actAs(ctx, null);
      SignIn body = api.body(ctx, SignIn.class);
      api.respond(ctx, () -> {
        AccessService.NewSession made = body.token() != null ? access.signInWithToken(body.token())
            : access.signIn(body.user(), body.password());
        Session session = made.session();
        // Set off the event loop, but read only once the answer has ended (the audit's end
        // handler), after this work's result has passed back to the event loop.
        AccessGate.actAs(ctx, session.principal());
        return new ApiServer.Reply(200, Map.of("Set-Cookie", cookie(made.id(), AccessService.SESSION_LIFETIME.toSeconds())),
            new SessionView(session.user(), session.role().label(), "session",
                Instant.ofEpochMilli(session.expiresMillis()).toString(), session.csrfToken()));
      });
    });
    builder.getRoute("getSession").addHandler(ctx -> {
      Principal caller = AccessGate.principal(ctx);
      Optional<String> cookie = AccessGate.sessionId(ctx);
      boolean bearer = ctx.request().getHeader("Authorization") != null;
      // Answered here on the event loop: this host's copies know (see AccessGate), and the page
      // asks it first, before anything that may wait on the control plane.
      Optional<Session> session = bearer ? Optional.empty() : cookie.flatMap(access::session);
      api.replyNow(ctx, 200, new SessionView(caller.user(), caller.role().label(), caller.via(),
          session.map(s -> Instant.ofEpochMilli(s.expiresMillis()).toString()).orElse(null),
          session.map(Session::csrfToken).orElse(null)));
    });
    builder.getRoute("deleteSession").addHandler(ctx -> {
      Optional<String> cookie = AccessGate.sessionId(ctx);
      api.respond(ctx, () -> {
        cookie.ifPresent(access::signOut);
        return new ApiServer.Reply(200, Map.of("Set-Cookie", cookie("", 0)), Map.of("signedOut", true));
      });
    });
    builder.getRoute("createToken").addHandler(ctx -> {
      Principal caller = AccessGate.principal(ctx);
      TokenRequest body = api.body(ctx, TokenRequest.class);
      api.reply(ctx, 201, () -> access.createToken(caller, body.name(), body.role(), body.expiresIn(), body.user()));
    });
    builder.getRoute("listTokens").addHandler(ctx -> {
      Principal caller = AccessGate.principal(ctx);
      api.reply(ctx, 200, () -> access.tokens(caller));
    });
    builder.getRoute("revokeToken").addHandler(ctx -> {
      Principal caller = AccessGate.principal(ctx);
      String id = ApiServer.validated(ctx).getPathParameters().get("id").getString();
      api.reply(ctx, 200, () -> {
        access.revokeToken(caller, id);
        return Map.of("revoked", id);
      });
    });
    builder.getRoute("listUsers").addHandler(ctx -> api.reply(ctx, 200, access::users));
    builder.getRoute("createUser").addHandler(ctx -> {
      UserRequest body = api.body(ctx, UserRequest.class);
      api.respond(ctx, () -> new ApiServer.Reply(201, Map.of("Location", "/api/v1/users/" + body.name()),
          access.addUser(body.name(), body.role(), body.password())));
    });
    builder.getRoute("setUserPassword").addHandler(ctx -> {
      Principal caller = AccessGate.principal(ctx);
      String name = ApiServer.validated(ctx).getPathParameters().get("name").getString();
      PasswordRequest body = api.body(ctx, PasswordRequest.class);
      api.reply(ctx, 200, () -> access.setPassword(caller, name, body.password()));
    });
    builder.getRoute("deleteUser").addHandler(ctx -> {
      String name = ApiServer.validated(ctx).getPathParameters().get("name").getString();
      api.reply(ctx, 200, () -> access.removeUser(name));
    });
  }

  /** The session cookie: never readable by scripts, never sent by another site's page. */
  private static String cookie(String value, long maxAgeSeconds) {
    return AccessGate.SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds;
  }
}
