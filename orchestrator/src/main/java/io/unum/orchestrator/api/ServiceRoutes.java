package io.unum.orchestrator.api;

import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.services.ServiceSpec;
import io.unum.orchestrator.services.ServiceView;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.Map;

/** Routes of the services resource: declare, change, restart, remove, list, and their logs. */
final class ServiceRoutes {
  private final ApiServer api;
  private final ServiceAdmin services;

  ServiceRoutes(ApiServer api, ServiceAdmin services) {
    this.api = api;
    this.services = services;
  }

  void register(RouterBuilder builder) {
    builder.getRoute("listServices").addHandler(ctx -> api.reply(ctx, 200, services::list));
    builder.getRoute("createService").addHandler(ctx -> {
      ServiceSpec spec = api.body(ctx, ServiceSpec.class);
      api.respond(ctx, () -> {
        ServiceView view = services.create(spec);
        return new ApiServer.Reply(201, Map.of("Location", "/api/v1/services/" + view.name()), view);
      });
    });
    builder.getRoute("getService").addHandler(ctx -> api.reply(ctx, 200, () -> services.get(name(ctx))));
    builder.getRoute("replaceService").addHandler(ctx -> {
      ServiceSpec spec = api.body(ctx, ServiceSpec.class);
      String name = name(ctx);
      api.reply(ctx, 200, () -> services.replace(name, spec));
    });
    builder.getRoute("deleteService").addHandler(ctx -> {
      String name = name(ctx);
      api.reply(ctx, 200, () -> {
        services.delete(name);
        return Map.of("removed", name);
      });
    });
    builder.getRoute("restartService").addHandler(ctx -> api.reply(ctx, 200, () -> services.restart(name(ctx))));
    builder.getRoute("getServiceLogs").addHandler(new ServiceLogStream(api, services));
  }

  static String name(RoutingContext ctx) {
    return ApiServer.validated(ctx).getPathParameters().get("service").getString();
  }
}
