package io.unum.orchestrator.api;

import io.unum.orchestrator.audit.AuditLog;
import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryJobStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
import io.unum.orchestrator.testing.TestAccess;
import java.nio.file.Path;

/**
 * The real API server on a loopback port over in-memory stores, for tests that drive it by HTTP.
 * Only reads, refusals and access are driven so: no controller, no control plane, no balancer.
 */
final class LoopbackApi {
  private LoopbackApi() {}

  static ApiServer start(Path dir, InMemoryClusterStore store, EventLog events, AuditLog audit, TestAccess access,
      Metrics metrics) {
    NodeService nodes = new NodeService(store, store, null, new NodePaths(dir), "host-a", () -> true,
        PidSpace.DEFAULT);
    ApiServer api = new ApiServer(nodes, new HostService(store, store, () -> true),
        new ProcessService(new InMemoryProcessStore(), store, (node, pid, signal, sender) -> { }), null, null, null,
        null, null, new JobService(new InMemoryJobStore(), events, nodes, () -> true, "host-a"), events, audit,
        access.service(), access.credential(), "host-a", metrics);
    api.start("127.0.0.1", 0);
    return api;
  }
}
