package io.unum.orchestrator.daemon;

import io.unum.orchestrator.access.AccessList;
import io.unum.orchestrator.access.AccessService;
import io.unum.orchestrator.access.HazelcastSessionStore;
import io.unum.orchestrator.access.HostCredential;

import io.unum.orchestrator.api.ApiFoundation;
import io.unum.orchestrator.api.ApiServer;
import io.unum.orchestrator.audit.AuditFile;
import io.unum.orchestrator.audit.AuditLog;
import io.unum.orchestrator.audit.AuditQueue;
import io.unum.orchestrator.audit.HazelcastAuditLog;
import io.unum.orchestrator.boot.BootConfig;
import io.unum.orchestrator.boot.LeaseGate;
import io.unum.orchestrator.boot.NodeController;
import io.unum.orchestrator.boot.NodePaths;
import io.unum.orchestrator.boot.NodeService;
import io.unum.orchestrator.cluster.ClusterStore;
import io.unum.orchestrator.cluster.ClusterView;
import io.unum.orchestrator.cluster.HostRegistry;
import io.unum.orchestrator.cluster.HostWatch;
import io.unum.orchestrator.cluster.NodeSpec;
import io.unum.orchestrator.cluster.ClusterPidSpace;
import io.unum.orchestrator.bench.ReportShelf;
import io.unum.orchestrator.cluster.ControlPlane;
import io.unum.orchestrator.cluster.DurableRunLevel;
import io.unum.orchestrator.cluster.DurableValue;
import io.unum.orchestrator.cluster.HazelcastValue;
import io.unum.orchestrator.cluster.HostInfo;
import io.unum.orchestrator.cluster.InitRole;
import io.unum.orchestrator.cluster.SharedValue;
import io.unum.orchestrator.cluster.HostService;
import io.unum.orchestrator.cluster.LeaderTerm;
import io.unum.orchestrator.cluster.Leadership;
import io.unum.orchestrator.cluster.Peers;
import io.unum.orchestrator.cluster.Quorum;
import io.unum.orchestrator.cluster.ReplicatedClusterView;
import io.unum.orchestrator.cluster.StatusService;
import io.unum.orchestrator.events.Event;
import io.unum.orchestrator.events.EventLog;
import io.unum.orchestrator.events.EventingClusterStore;
import io.unum.orchestrator.events.HazelcastEventLog;
import io.unum.orchestrator.fencing.HazelcastLeaseStore;
import io.unum.orchestrator.fencing.FenceTimes;
import io.unum.orchestrator.fencing.Fencing;
import io.unum.orchestrator.fencing.HostRecovery;
import io.unum.orchestrator.fencing.LeaseKeeper;
import io.unum.orchestrator.fencing.LeaseStore;
import io.unum.orchestrator.fencing.ProcessWatchdog;
import io.unum.orchestrator.fencing.Watchdog;
import io.unum.orchestrator.hostmesh.HostCertificate;
import io.unum.orchestrator.hostmesh.HostMesh;
import io.unum.orchestrator.hostmesh.MeshAddresses;
import io.unum.orchestrator.hostmesh.MeshDirectory;
import io.unum.orchestrator.hostmesh.WgToolsDevice;
import io.unum.orchestrator.hypervisor.Accel;
import io.unum.orchestrator.hypervisor.AccelProbe;
import io.unum.orchestrator.hypervisor.LibvirtHypervisor;
import io.unum.orchestrator.hypervisor.MigrationTlsFiles;
import io.unum.orchestrator.hypervisor.QemuImgOverlays;
import io.unum.orchestrator.interconnect.InterconnectMesh;
import io.unum.orchestrator.interconnect.IpRouteHostNetwork;
import io.unum.orchestrator.interconnect.MeshPlan;
import io.unum.orchestrator.interconnect.NodeAddressing;
import io.unum.orchestrator.jobs.HazelcastJobStore;
import io.unum.orchestrator.jobs.HostDrain;
import io.unum.orchestrator.jobs.Job;
import io.unum.orchestrator.jobs.JobRunner;
import io.unum.orchestrator.jobs.JobService;
import io.unum.orchestrator.jobs.JobStore;
import io.unum.orchestrator.jobs.RunLevelTarget;
import io.unum.orchestrator.loadlevel.BalancerAdmin;
import io.unum.orchestrator.loadlevel.BalancerReport;
import io.unum.orchestrator.loadlevel.BalancerSettings;
import io.unum.orchestrator.loadlevel.CgroupHostMeter;
import io.unum.orchestrator.loadlevel.HazelcastLoadStore;
import io.unum.orchestrator.migration.HazelcastMigrationStore;
import io.unum.orchestrator.loadlevel.LoadBalancer;
import io.unum.orchestrator.loadlevel.LoadSampler;
import io.unum.orchestrator.loadlevel.LoadStore;
import io.unum.orchestrator.migration.MigrationRunner;
import io.unum.orchestrator.migration.MigrationStore;
import io.unum.orchestrator.loadlevel.MigrationTargets;
import io.unum.orchestrator.metrics.ClusterGauges;
import io.unum.orchestrator.metrics.Metrics;
import io.unum.orchestrator.placement.InitRoleKeeper;
import io.unum.orchestrator.placement.Scheduler;
import io.unum.orchestrator.processes.HazelcastProcessStore;
import io.unum.orchestrator.processes.ProcessRecorder;
import io.unum.orchestrator.innode.InNodeCli;
import io.unum.orchestrator.innode.NodeRequests;
import io.unum.orchestrator.innode.PeerHosts;
import io.unum.orchestrator.innode.ServiceCalls;
import io.unum.orchestrator.innode.SignalRoute;
import io.unum.orchestrator.processes.ProcessService;
import io.unum.orchestrator.processes.ProcessStore;
import io.unum.orchestrator.services.HazelcastServiceInstanceStore;
import io.unum.orchestrator.services.HazelcastServiceLogs;
import io.unum.orchestrator.services.ServiceAdmin;
import io.unum.orchestrator.services.ServiceAssigner;
import io.unum.orchestrator.services.ServiceAssignment;
import io.unum.orchestrator.services.ServiceCatalog;
import io.unum.orchestrator.services.ServiceFollower;
import io.unum.orchestrator.services.ServiceInstanceStore;
import io.unum.orchestrator.services.ServiceLogs;
import io.unum.orchestrator.services.ServiceRecorder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's daemon: wires the control plane, hypervisor, interconnect, node controller and
 * API together, and takes them down in reverse order. Nodes keep running when it stops; the
 * next start adopts them.
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  public static final String VERSION = "0.1.0";
  static final String VXLAN_DEVICE = "unumvx0";

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /**
   * Starts everything; on failure, what was started is stopped again and the error says why.
   *
   * @param inNodeCli runs the commands of the in-node {@code unum} (the CLI, handed in by it)
   */
  public static Orchestrator start(DaemonConfig config, InNodeCli inNodeCli) {
    Orchestrator orchestrator = new Orchestrator();
    try {
      orchestrator.startParts(config, inNodeCli);
      return orchestrator;
    } catch (RuntimeException e) {
      orchestrator.close();
      throw e;
    }
  }

  private void startParts(DaemonConfig config, InNodeCli inNodeCli) {
    StartupPhases phases = new StartupPhases(System::nanoTime);
    ApiFoundation apiFoundation = ApiFoundation.prepare();
    parts.push(apiFoundation);
    // Everything that can be wrong with the settings is checked before anything is started.
    List<String> hosts = Peers.parse(config.hosts());
    NodeAddressing addressing = new NodeAddressing(config.cidr());
    addressing.requireRoomFor(config.pids().maxNodes());
    IpRouteHostNetwork network = new IpRouteHostNetwork();
    for (String local : network.ipv4Networks(config.bridge())) {
      if (addressing.overlaps(local)) {
        throw new IllegalArgumentException("interconnect CIDR " + config.cidr() + " overlaps this host's"
            + " network " + local + "; choose another with --cidr (or cidr: in the config file)");
      }
    }
    require(config.kernel(), "kernel");
    require(config.baseImage(), "base image");
    // Several hosts: the control plane rides on the host mesh, which needs this host's certificate.
    HostCertificate certificate = hosts.isEmpty() ? null : HostCertificate.read(MigrationTlsFiles.PKI);
    List<String> members = hosts.isEmpty() ? hosts : MeshAddresses.members(hosts);

    Accel accel = new AccelProbe(config.kernel(), config.stateDir().resolve("accel-verdict"))
        .detect(config.accel());
    LOG.info("guests run with {} ({})", accel.kind(), accel.reason());

    network.ensureBridge(config.bridge());
    phases.ended("checks");

    String controlPlaneBind = config.controlPlaneAddress();
    if (certificate != null) {
      HostMesh hostMesh = new HostMesh(new WgToolsDevice(HostMesh.DEVICE),
          new MeshDirectory(config.sharedDir().resolve("mesh")), certificate, config.hostName(),
          config.controlPlaneAddress(), config.meshPort(), config.stateDir().resolve("mesh/private.key"),
          System::currentTimeMillis);
      parts.push(hostMesh);
      hostMesh.start();
      controlPlaneBind = hostMesh.address();
      phases.ended("mesh");
    }
    ControlPlane controlPlane = ControlPlane.start(config.clusterName(), config.hostName(),
        controlPlaneBind, config.controlPlanePort(), members, config.stateDir());
    parts.push(controlPlane);
    phases.ended("control plane (" + controlPlane.memberCount() + " members; " + controlPlane.startSteps() + ")");
    ClusterPidSpace.verify(controlPlane.hazelcast(), config.stateDir(), config.pids());
    // This host's lease before anything else of the start: a restarted host renews it the sooner,
    // so that a restart outlasts its term (and its nodes are taken elsewhere) as seldom as can be.
    LibvirtHypervisor hypervisor = LibvirtHypervisor.connect(config.libvirtUri());
    parts.push(hypervisor);
    HostLeases leases = startLease(config, controlPlane, hypervisor);
    Fencing fencing = leases.fencing();
    phases.ended("libvirt and lease");
    controlPlane.whenLost(() -> {
      LOG.error("the control plane stopped this host's member on its own; exiting (status 3) so the"
          + " orchestrator can be started again and rejoin");
      new Thread(() -> System.exit(3), "exit").start();
    });
    if (hosts.size() > 1 && controlPlane.memberCount() == 1) {
      LOG.warn("none of the other configured hosts {} answered; running alone until they do"
          + " (check the host list, that UDP port {} is open between hosts, and the host mesh's log lines)",
          hosts, config.meshPort());
    }
    EventLog events = new HazelcastEventLog(controlPlane.hazelcast());
    AuditLog audit = new HazelcastAuditLog(controlPlane.hazelcast());
    // Every host keeps the whole cluster's audit log on its own disk, catching up from where its file ends.
    parts.push(new AuditFile(audit, config.auditLog(), config.hostName()).start());
    controlPlane.whenCpReset(lost -> events.publish(Event.of("cluster.cp-reset", "cluster",
        Map.of("lostSeats", lost))));
    ClusterStore store = new EventingClusterStore(controlPlane.store(), events);
    HostInfo host = new HostInfo(config.hostName(), Runtime.getRuntime().availableProcessors(),
        memoryMiB(), accel.kind().name().toLowerCase(), accel.reason(), config.libvirtUri(),
        config.controlPlaneAddress(), advertisedApiHost(config) + ":" + config.apiPort(),
        config.kernel().toString(),
        config.baseImage().toString(), System.currentTimeMillis(),
        MigrationTlsFiles.missing(MigrationTlsFiles.PKI).isEmpty(), certificate == null ? null : controlPlaneBind,
        config.failureDeadline().toSeconds());
    HostRegistry hostRegistry = controlPlane.registerHost(store, host);
    parts.push(hostRegistry);
    // Local replicas of the shared maps: listings, and the loops that only watch, read them. Made
    // once this host is registered: their first load must not keep a restarted host unlisted.
    ReplicatedClusterView view = controlPlane.view();
    parts.push(view);
    int mtu = 0;
    if (!config.hosts().isEmpty()) {
      // Several hosts: join their bridges at L2, and size the nodes' NICs for the tunnels.
      mtu = MeshPlan.overlayMtu(network.mtuOfDeviceHolding(config.controlPlaneAddress()));
      MeshFollower mesh = new MeshFollower(view, new InterconnectMesh(network, config.bridge(),
          VXLAN_DEVICE, config.clusterName(), config.hostName(), config.controlPlaneAddress()));
      parts.push(mesh);
      mesh.start();
    }
    Leadership leadership = controlPlane.leadership();
    parts.push(leadership);
    // Every host watches all the time, so that a new leader knows at once how long a host is silent.
    HostWatch hostWatch = controlPlane.watchHosts(store, view, leadership, config.failureDeadline());
    parts.push(hostWatch);
    phases.ended("host registered");

    startRecovery(leases, config, store, view, leadership, events);
    // A leader cut off from the majority loses its lease within its term, and stops acting with it.
    LeaderTerm term = leadership.term(fencing::holdsLease);
    NodePaths paths = new NodePaths(config.stateDir().resolve("nodes"),
        config.sharedDir().resolve("disks"));
    Scheduler scheduler = new Scheduler(store, term);
    DurableValue<InitRole> initRole = new DurableValue<>(controlPlane.hazelcast(), "unum.init-role",
        config.stateDir().resolve("init-role.json"), InitRole.class, InitRole::epoch).start();
    parts.push(initRole);
    InitRoleKeeper initRoleKeeper = new InitRoleKeeper(store, initRole, events, term);
    ProcessStore processTable = new HazelcastProcessStore(controlPlane.hazelcast());
    JobStore jobStore = new HazelcastJobStore(controlPlane.hazelcast());
    DurableRunLevel runLevels = new DurableRunLevel(controlPlane.hazelcast(), config.stateDir()).start();
    parts.push(runLevels);
    DurableValue<ServiceCatalog> serviceCatalog = new DurableValue<>(controlPlane.hazelcast(), "unum.services",
        config.stateDir().resolve("services.json"), ServiceCatalog.class, ServiceCatalog::revision).start();
    parts.push(serviceCatalog);
    SharedValue<ServiceAssignment> serviceAssignment = new HazelcastValue<>(controlPlane.hazelcast(),
        "unum.service-assignment", ServiceAssignment.class);
    ServiceInstanceStore serviceInstances = new HazelcastServiceInstanceStore(controlPlane.hazelcast());
    ServiceLogs serviceLogs = new HazelcastServiceLogs(controlPlane.hazelcast());
    ServiceAssigner serviceAssigner = new ServiceAssigner(serviceCatalog, serviceAssignment, serviceInstances,
        store, new RunLevelTarget(jobStore, runLevels, store), events, term);
    NodeController controller = new NodeController(
        new BootConfig(config.hostName(), config.kernel(), config.baseImage(), accel,
            config.bridge(), mtu, addressing, config.pids(), config.bootTimeout(), paths),
        store, hypervisor, new QemuImgOverlays(), () -> {
          scheduler.pass();
          initRoleKeeper.pass();
          serviceAssigner.pass();
        }, new ProcessRecorder(processTable, events, config.pids()), new ServiceRecorder(serviceInstances, serviceLogs, events, serviceAssignment),
        hostRegistry::reportDegraded, new LeaseGate(fencing::holdsLease, fencing.leases(), fencing::lapses), events);
    parts.push(controller);
    controller.start();
    phases.ended("nodes");
    Quorum quorum = () -> leadership.currentEpoch() >= 0;
    parts.push(new ServiceFollower(config.hostName(), view, controller.links(), serviceCatalog, serviceAssignment,
        serviceInstances, initRole, quorum).start());

    // A node placed or recovered here starts at once, not at the controller's next tick.
    view.whenSpecChanges(controller::specChanged);
    Metrics metrics = new Metrics();
    parts.push(metrics);
    metrics.register(new ClusterGauges(view, controlPlane::memberCount));
    NodeService nodes = new NodeService(store, view, controller, paths, config.hostName(), quorum, config.pids());
    MigrationStore migrations = new HazelcastMigrationStore(controlPlane.hazelcast());
    DurableValue<BalancerSettings> balancerSettings = new DurableValue<>(controlPlane.hazelcast(), "unum.balancer",
        config.stateDir().resolve("balancer.json"), BalancerSettings.class, BalancerSettings::revision).start();
    parts.push(balancerSettings);
    Supplier<BalancerSettings> settingsNow = () -> balancerSettings.get().orElse(BalancerSettings.DEFAULT);
    parts.push(new MigrationRunner(config.hostName(), view, store, hypervisor, controller.links(), paths, migrations,
        events,
        node -> jobStore.lockHolder(node).flatMap(jobStore::job).map(Job::tuning)
            .orElseGet(() -> settingsNow.get().tuning())).start());
    IntSupplier migrationCap = () -> settingsNow.get().maxMigrations();
    JobRunner jobRunner = new JobRunner(jobStore, store, nodes, runLevels, migrations, migrationCap, events,
        term, config.bootTimeout(), metrics.jobs());
    parts.push(jobRunner);
    jobRunner.start();
    phases.ended("migrations and jobs");
    JobService jobs = new JobService(jobStore, events, nodes, quorum, config.hostName());
    LoadStore hostLoads = new HazelcastLoadStore(controlPlane.hazelcast());
    parts.push(new LoadSampler(config.hostName(), new CgroupHostMeter(),
        () -> hypervisor.list(NodePaths.DOMAIN_PREFIX), view, hostLoads).start());
    SharedValue<BalancerReport> balancerReport = new HazelcastValue<>(controlPlane.hazelcast(),
        "unum.balancer-report", BalancerReport.class);
    MigrationTargets migrationTargets = new MigrationTargets(view, hostLoads, settingsNow);
    parts.push(new LoadBalancer(config.hostName(), view, hostLoads, migrations, balancerSettings, balancerReport,
        node -> jobStore.lockHolder(node).flatMap(jobStore::job).filter(j -> !j.state().finished()).isPresent(),
        // Checked as a request would be: a host without the TLS certificates is refused.
        (node, to) -> jobs.submitMigration(node, migrationTargets.choose(node, to), null, null).job().id(),
        events, term, System::currentTimeMillis).start());

    HostService hostService = new HostService(store, view, quorum, hostWatch);
    ProcessService processes = new ProcessService(processTable, view, nodes::signal, hostLoads::pressures, config.pids());
    ServiceAdmin services = new ServiceAdmin(serviceCatalog, serviceAssignment, serviceInstances, serviceLogs,
        events, quorum);
    DurableValue<AccessList> accessList = new DurableValue<>(controlPlane.hazelcast(), "unum.access",
        config.stateDir().resolve("access.json"), AccessList.class, AccessList::revision).start();
    parts.push(accessList);
    AccessService access = new AccessService(accessList, new HazelcastSessionStore(controlPlane.hazelcast()),
        System::currentTimeMillis).start();
    parts.push(access);
    HostCredential credential = HostCredential.ensure(access, config.hostName(), config.adminTokenFile());
    phases.ended("balancer and access");
    StatusService status = new StatusService(view, hostService, runLevels, initRole, host, controlPlane, leadership,
        VERSION, config.clusterName(), config.pids(), fencing::summary,
        fencing::report);
    ApiServer api = new ApiServer(apiFoundation, nodes, hostService, processes, services,
        new BalancerAdmin(balancerSettings, balancerReport, events, quorum), migrationTargets,
        new HostDrain(hostService, migrationTargets, jobs), status, jobs, events, audit, access, credential,
        config.hostName(), metrics, ReportShelf.under(config.stateDir()));
    parts.push(api);
    api.start(config.apiHost(), config.apiPort());
    PeerHosts peers = new PeerHosts(credential);
    SignalRoute signals = new SignalRoute(processes, nodes, peers);
    AuditQueue inNodeAudit = new AuditQueue(audit);
    parts.push(inNodeAudit);
    NodeRequests nodeRequests = new NodeRequests(signals, new ServiceCalls(processes, nodes, hostService, jobs,
        services, status, signals, peers, inNodeAudit, config.hostName()), inNodeCli);
    parts.push(nodeRequests);
    controller.links().serve(nodeRequests);
    phases.ended("api");
    LOG.info("orchestrator {} on {} ready at http://{}:{}/api/v1 in {} ms ({})", VERSION,
        config.hostName(), config.apiHost(), config.apiPort(), phases.totalMillis(), phases);
  }

  /**
   * Asked for ({@code fencing: lease}) and with a CP majority (three hosts or more), this host runs
   * nodes only under its lease, and the leader restarts a lost host's nodes elsewhere; else nothing
   * is fenced (see {@code fencing}).
   */
  /** This host's lease and where the leases are kept; no store when fencing is off. */
  private record HostLeases(Fencing fencing, LeaseStore store) {}

  private HostLeases startLease(DaemonConfig config, ControlPlane controlPlane, LibvirtHypervisor hypervisor) {
    Path leaseFile = config.stateDir().resolve("watchdog.lease");
    if (!config.fencing() || !controlPlane.cpEnabled()) {
      ProcessWatchdog.retire(leaseFile);
      return new HostLeases(Fencing.off(config.fencing() ? "fewer than 3 hosts, no majority to grant leases"
          : "not asked for (fencing: lease turns it on)"), null);
    }
    HazelcastLeaseStore leases = new HazelcastLeaseStore(controlPlane.hazelcast(), FenceTimes.CALL_DEADLINE);
    parts.push(leases);
    Watchdog watchdog = ProcessWatchdog.ensure(config.watchdog(), leaseFile, config.watchdogLog(),
        Optional.ofNullable(config.watchdogDevice()));
    LeaseKeeper lease = new LeaseKeeper(config.hostName(), leases, watchdog, hypervisor, NodePaths.DOMAIN_PREFIX,
        () -> RestartRequest.take(config.stateDir()));
    parts.push(lease);
    lease.start();
    return new HostLeases(lease, leases);
  }

  /** When leases are in force: the leader's watch of every host's lease, and the recovery of a lost host's nodes. */
  private void startRecovery(HostLeases leases, DaemonConfig config, ClusterStore store, ClusterView view,
      Leadership leadership, EventLog events) {
    if (leases.store() != null) {
      parts.push(new HostRecovery(config.hostName(), store, view, leases.store(),
          leadership.term(leases.fencing()::holdsLease), events, System::nanoTime).start());
    }
  }

  private static void require(Path file, String what) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(what + " " + file + " is missing or unreadable"
          + " (build it with './unum up', which builds and caches it)");
    }
  }

  /** The API address people and other hosts reach: a wildcard bind is reached at the control-plane address. */
  private static String advertisedApiHost(DaemonConfig config) {
    return config.apiHost().equals("0.0.0.0") ? config.controlPlaneAddress() : config.apiHost();
  }

  private static long memoryMiB() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize() / (1024 * 1024);
    }
    return 0;
  }

  @Override
  public void close() {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  /** Writes this process's pid to {@code file}, for the CLI's 'down'. */
  public static void writePid(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, ProcessHandle.current().pid() + "\n");
  }
}
