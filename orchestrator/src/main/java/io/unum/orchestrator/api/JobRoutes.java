package io.unum.orchestrator.api;

import io.unum.orchestrator.runlevel.RunLevels;
import java.util.function.Function;
import io.unum.orchestrator.jobs.Job;
import io.unum.orchestrator.jobs.JobKind;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.jobs.JobState;
import io.unum.orchestrator.hypervisor.MigrationTransport;
import io.unum.orchestrator.hypervisor.MigrationTuning;
import io.unum.orchestrator.loadlevel.MigrationTargets;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Routes of the jobs resource and of the actions that start jobs (node actions, run levels). */
final class JobRoutes {
  private final ApiServer api;
  private final JobService jobs;
  private final MigrationTargets targets;
  private final Supplier<MigrationTuning> clusterTuning;

  /** @param clusterTuning how migrations run by the cluster's settings (a request may change any of it) */
  JobRoutes(ApiServer api, JobService jobs, MigrationTargets targets, Supplier<MigrationTuning> clusterTuning) {
    this.api = api;
    this.jobs = jobs;
    this.targets = targets;
    this.clusterTuning = clusterTuning;
  }

  void register(RouterBuilder builder) {
    builder.getRoute("startNode").addHandler(ctx -> submit(ctx, JobKind.START));
    builder.getRoute("stopNode").addHandler(ctx -> submit(ctx, JobKind.STOP));
    builder.getRoute("rebootNode").addHandler(ctx -> submit(ctx, JobKind.REBOOT));
    builder.getRoute("migrateNode").addHandler(ctx -> {
      int node = ApiServer.validated(ctx).getPathParameters().get("node").getInteger();
      JsonObject body = ApiServer.validated(ctx).getBody().getJsonObject();
      String to = body.getString("to");
      Long downtime = body.getLong("maxDowntimeMillis");
      Long bandwidth = body.getLong("bandwidthMiBps");
      String transport = body.getString("transport");
      accept(ctx, key -> {
        MigrationTuning cluster = clusterTuning.get();
        // The contract lets only "tls" through; requested() says so again should it ever change.
        MigrationTuning tuning = downtime == null && bandwidth == null && transport == null ? null
            : new MigrationTuning(downtime == null ? cluster.maxDowntimeMillis() : downtime,
                bandwidth == null ? cluster.bandwidthMiBps() : bandwidth,
                transport == null ? cluster.transport() : MigrationTransport.requested(transport));
        return jobs.submitMigration(node, targets.choose(node, to), tuning, key);
      });
    });
    builder.getRoute("setRunLevel").addHandler(ctx -> {
      int level = ApiServer.validated(ctx).getBody().getJsonObject().getInteger("level");
      accept(ctx, key -> jobs.submitRunLevel(level, key));
    });
    builder.getRoute("bootCluster").addHandler(ctx -> accept(ctx, key -> jobs.submitRunLevel(RunLevels.DEFAULT, key)));
    builder.getRoute("listJobs").addHandler(ctx -> {
      ValidatedRequest request = ApiServer.validated(ctx);
      RequestParameter node = request.getQuery().get("node");
      RequestParameter state = request.getQuery().get("state");
      api.reply(ctx, 200, () -> jobs.list(ApiServer.present(node) ? node.getInteger() : null,
          ApiServer.present(state) ? JobState.valueOf(state.getString().toUpperCase(Locale.ROOT)) : null));
    });
    builder.getRoute("cancelJob").addHandler(ctx -> {
      String id = ApiServer.validated(ctx).getPathParameters().get("job").getString();
      api.respond(ctx, () -> {
        Job job = jobs.cancel(id);
        // Still cancelling after the wait (a slow leader): 202, follow the job.
        return job.state().finished() ? new ApiServer.Reply(200, Map.of(), job)
            : new ApiServer.Reply(202, Map.of("Location", "/api/v1/jobs/" + id), job);
      });
    });
    builder.getRoute("getJob").addHandler(ctx -> {
      String id = ApiServer.validated(ctx).getPathParameters().get("job").getString();
      api.reply(ctx, 200, () -> jobs.get(id));
    });
  }

  /** 202 with the job and its Location; an Idempotency-Key seen before answers its first job. */
  private void submit(RoutingContext ctx, JobKind kind) {
    int node = ApiServer.validated(ctx).getPathParameters().get("node").getInteger();
    accept(ctx, key -> jobs.submit(kind, node, key));
  }

  private void accept(RoutingContext ctx, Function<String, JobService.Submission> submit) {
    RequestParameter key = ApiServer.validated(ctx).getHeaders().get("Idempotency-Key");
    String idempotencyKey = ApiServer.present(key) ? key.getString() : null;
    api.respond(ctx, () -> {
      JobService.Submission submission = submit.apply(idempotencyKey);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Location", "/api/v1/jobs/" + submission.job().id());
      if (submission.replayed()) {
        headers.put("Idempotent-Replayed", "true");
      }
      return new ApiServer.Reply(202, headers, submission.job());
    });
  }

}
