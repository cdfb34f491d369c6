package io.unum.orchestrator.api;

import io.unum.orchestrator.audit.AuditLog;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.PidSpace;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.processes.NodeSignals;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.processes.ProcessStore;
import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.testing.InMemoryClusterStore;
import io.unum.orchestrator.testing.InMemoryJobStore;
import io.unum.orchestrator.testing.InMemoryProcessStore;
import io.unum.orchestrator.testing.InMemoryServiceInstanceStore;
import io.unum.orchestrator.testing.InMemoryServiceLogs;
import io.unum.orchestrator.testing.InMemoryValue;
import io.unum.orchestrator.testing.TestAccess;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real API server on a loopback port over in-memory stores, for tests that drive it by HTTP.
 * Only reads, refusals and access are driven so: no controller, no control plane, no balancer.
 */
final class LoopbackApi {
  static final String HOST = "host-a";

  private LoopbackApi() {}

  /** The services the API serves, over in-memory stores; a test may call them itself too. */
  record Services(NodeService nodes, HostService hosts, ProcessService processes, JobService jobs,
      ServiceAdmin services, ReportShelf benchReports) {

    static Services over(Path dir, InMemoryClusterStore store, ProcessStore table, NodeSignals signals,
        EventLog events) {
      NodeService nodes = new NodeService(store, store, null, new NodePaths(dir), HOST, () -> true, PidSpace.DEFAULT);
      return new Services(nodes, new HostService(store, store, () -> true, host -> Optional.empty()), new ProcessService(table, store, signals),
          new JobService(new InMemoryJobStore(), events, nodes, () -> true, HOST),
          new ServiceAdmin(new InMemoryValue<>(), new InMemoryValue<>(), new InMemoryServiceInstanceStore(),
              new InMemoryServiceLogs(), events, () -> true), ReportShelf.under(dir));
    }
  }

  static ApiServer start(Path dir, InMemoryClusterStore store, EventLog events, AuditLog audit, TestAccess access,
      Metrics metrics) {
    return start(Services.over(dir, store, new InMemoryProcessStore(), (node, pid, signal, sender) -> { }, events),
        events, audit, access, metrics);
  }

  static ApiServer start(Services services, EventLog events, AuditLog audit, TestAccess access, Metrics metrics) {
    ApiServer api = new ApiServer(ApiFoundation.prepare(), services.nodes(), services.hosts(), services.processes(), services.services(), null,
        null, null, null, services.jobs(), events, audit, access.service(), access.credential(), HOST, metrics,
        services.benchReports());
    api.start("127.0.0.1", 0);
    return api;
  }
}
